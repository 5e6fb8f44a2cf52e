import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {buildSshArgv} from '../../src/ssh/argv.js';
import {configTunnelOf, isConfigTunnelAlias} from '../../src/ssh-config/tunnel.js';
import {configuredForwards, effectiveForwards, parseEffectiveConfig} from '../../src/ssh-config/effective.js';
import {describeRoute} from '../../src/present/forwards.js';
import {dynamic, forward, socketForward} from '../support/builders.js';
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
		dynamic: [],
		probe: undefined,
		gateway: true,
		keepAlive: undefined,
		restart: 'never',
		options: [],
		tags: [],
	}});
	assert.deepEqual(configTunnelOf(declared('plain'), captured('plain')), {kind: 'no-forwards'});
	const socket = configTunnelOf(declared('socket'), captured('socket'));
	assert.deepEqual(socket.kind === 'tunnel' ? socket.tunnel.local : socket, [socketForward('/tmp/s', {host: '127.0.0.2', port: 7})]);
	assert.deepEqual(configTunnelOf(declared('space'), parseEffectiveConfig('localforward /tmp/a b [x]:1\n')), {kind: 'unsupported', forwards: ['LocalForward /tmp/a b [x]:1']});
});

test('the argv of a config tunnel has no -L, -R or -g: ssh adds them from the config, and twice would not bind', () => {
	const result = configTunnelOf(declared('fwd-local'), captured('fwd-local'));
	assert.equal(result.kind, 'tunnel');
	const {tunnel} = result;
	assert.deepEqual(buildSshArgv(tunnel, {kind: 'minimal', sshConfigFile: undefined}), ['ssh', '-f', '-N', 'fwd-local']);
	assert.deepEqual(buildSshArgv(tunnel, {kind: 'managed', context: {sshBinary: 'ssh', sshConfigFile: '/c', controlPath: '/run/t/ssh:fwd-local', logFile: '/run/t/.state/ssh:fwd-local.log', batch: true}}), [
		'ssh', '-F', '/c', '-E', '/run/t/.state/ssh:fwd-local.log', '-f', '-N', '-o', 'ExitOnForwardFailure=yes', '-o', 'ControlMaster=yes', '-o', 'ControlPath=/run/t/ssh:fwd-local',
		'-o', 'ControlPersist=no', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=15', '--', 'fwd-local',
	]);
	assert.equal(describeRoute(tunnel), 'fwd-local (bob@127.0.0.1:2222 via jumper@bastion:2200)');
});

test('effectiveForwards: ssh -G\'s forwards as tunnels reads them, its bogus DynamicForward copies of socket forwards left out', () => {
	// Captured from ssh -G (OpenSSH 9.2) of `-L /tmp/s:/tmp/r -L 5:/c/d -R 9002 -R [127.0.0.1]:9003 -D 1080 -D /tmp/d.sock`.
	const config = parseEffectiveConfig([
		'dynamicforward /tmp/s',
		'dynamicforward 5',
		'dynamicforward 1080',
		'dynamicforward /tmp/d.sock',
		'localforward 1234 [x]:1',
		'localforward [*]:1236 [x]:1',
		'localforward /tmp/s /tmp/r',
		'localforward 5 /c/d',
		'remoteforward 9002 [socks]:0',
		'remoteforward [127.0.0.1]:9003 [socks]:0',
		'remoteforward /tmp/x.sock [h]:1',
		'remoteforward 9004 [fe80::1]:notaport',
	].join('\n'));
	assert.deepEqual(effectiveForwards(config), {
		local: [forward({port: 1234, host: 'x', hostPort: 1}), forward({bind: '*', port: 1236, host: 'x', hostPort: 1}), socketForward('/tmp/s', '/tmp/r'), socketForward(5, '/c/d')],
		remote: [
			{listen: {kind: 'tcp', bind: undefined, port: 9002}, target: {kind: 'socks'}},
			{listen: {kind: 'tcp', bind: '127.0.0.1', port: 9003}, target: {kind: 'socks'}},
			socketForward('/tmp/x.sock', {host: 'h', port: 1}),
		],
		dynamic: [dynamic(1080), dynamic('/tmp/d.sock')],
		unsupported: ['RemoteForward 9004 [fe80::1]:notaport'],
	});
	assert.deepEqual(configuredForwards(config).filter(line => line.startsWith('DynamicForward')), ['DynamicForward 1080', 'DynamicForward /tmp/d.sock']);
});

test('isConfigTunnelAlias: a destination tunnels accepts, at most 64 characters', () => {
	const cases: Array<[string, boolean]> = [['db', true], ['db.example.com', true], ['10.1.0.2', true], ['-oProxyCommand=x', false], ['a b', false], ['x'.repeat(64), true], ['x'.repeat(65), false]];
	for (const [alias, expected] of cases) {
		assert.equal(isConfigTunnelAlias(alias), expected, alias);
	}
});
