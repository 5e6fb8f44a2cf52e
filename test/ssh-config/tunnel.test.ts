import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {buildSshArgv} from '../../src/ssh/argv.js';
import {configTunnelOf, isConfigTunnelAlias} from '../../src/ssh-config/tunnel.js';
import {effectiveForwards, parseEffectiveConfig} from '../../src/ssh-config/effective.js';
import {describeRoute} from '../../src/present/forwards.js';
import {forward} from '../support/builders.js';
import {fixturesDirectory} from '../support/paths.js';

const captured = (name: string) => parseEffectiveConfig(readFileSync(path.join(fixturesDirectory, 'ssh-config', `G-${name}.txt`), 'utf8'));
const declared = (name: string) => ({name, file: '/home/me/.ssh/config', line: 2});

test('configTunnelOf: a Host with forwards is a read-only tunnel named ssh:ALIAS, its forwards and route as ssh -G resolved them', () => {
	const result = configTunnelOf(declared('fwd-local'), captured('fwd-local'));
	assert.deepEqual(result, {kind: 'tunnel', tunnel: {
		name: 'ssh:fwd-local',
		source: {kind: 'ssh-config', file: '/home/me/.ssh/config', line: 2, route: 'bob@127.0.0.1:2222 via jumper@bastion:2200'},
		description: undefined,
		host: 'fwd-local',
		user: undefined,
		port: undefined,
		identityFile: undefined,
		jump: [],
		local: [forward({port: 19902, host: '127.0.0.2', hostPort: 7}), forward({bind: '::1', port: 19903, host: '127.0.0.2', hostPort: 7})],
		remote: [forward({bind: '0.0.0.0', port: 19904, host: 'localhost', hostPort: 80})],
		gateway: true,
		keepAlive: undefined,
		restart: 'never',
		options: [],
	}});
	assert.deepEqual(configTunnelOf(declared('plain'), captured('plain')), {kind: 'no-forwards'});
	assert.deepEqual(configTunnelOf(declared('socket'), captured('socket')), {kind: 'unsupported', forwards: ['LocalForward /tmp/s [127.0.0.2]:7']});
});

test('the argv of a config tunnel has no -L, -R or -g: ssh adds them from the config, and twice would not bind', () => {
	const result = configTunnelOf(declared('fwd-local'), captured('fwd-local'));
	assert.equal(result.kind, 'tunnel');
	const {tunnel} = result;
	assert.deepEqual(buildSshArgv(tunnel, {kind: 'minimal'}), ['ssh', '-f', '-N', 'fwd-local']);
	assert.deepEqual(buildSshArgv(tunnel, {kind: 'managed', context: {sshBinary: 'ssh', sshConfigFile: '/c', controlPath: '/run/t/ssh:fwd-local', batch: true}}), [
		'ssh', '-F', '/c', '-f', '-N', '-o', 'ExitOnForwardFailure=yes', '-o', 'ControlMaster=yes', '-o', 'ControlPath=/run/t/ssh:fwd-local',
		'-o', 'ControlPersist=no', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=15', '--', 'fwd-local',
	]);
	assert.equal(describeRoute(tunnel), 'fwd-local (bob@127.0.0.1:2222 via jumper@bastion:2200)');
});

test('effectiveForwards: ssh -G\'s bracketed forwards read as forwards; Unix sockets and dynamic ones set apart', () => {
	const config = parseEffectiveConfig([
		'localforward 1234 [x]:1',
		'localforward [*]:1236 [x]:1',
		'localforward /tmp/s /tmp/r',
		'remoteforward 9002 [socks]:0',
		'dynamicforward 1080',
	].join('\n'));
	assert.deepEqual(effectiveForwards(config), {
		local: [forward({port: 1234, host: 'x', hostPort: 1}), forward({bind: '*', port: 1236, host: 'x', hostPort: 1})],
		remote: [],
		unsupported: ['DynamicForward 1080', 'LocalForward /tmp/s /tmp/r', 'RemoteForward 9002 [socks]:0'],
	});
});

test('isConfigTunnelAlias: a destination tunnels accepts, at most 64 characters', () => {
	const cases: Array<[string, boolean]> = [['db', true], ['db.example.com', true], ['10.1.0.2', true], ['-oProxyCommand=x', false], ['a b', false], ['x'.repeat(64), true], ['x'.repeat(65), false]];
	for (const [alias, expected] of cases) {
		assert.equal(isConfigTunnelAlias(alias), expected, alias);
	}
});
