import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseProfile} from '../../src/profile/parse.js';
import {connectionIdentity} from '../../src/tunnel/share.js';
import {testPaths, tunnel as tunnelOf} from '../support/builders.js';

const parse = (lines: readonly string[]) => parseProfile(lines.join('\n'), 'p.yaml', {isRoot: false, paths: testPaths});

test('share: per tunnel, or a top-level default a tunnel may turn off', () => {
	const parsed = parse(['share: true', 'tunnels:', '  a: {host: h, local: [1:x:2]}', '  b: {host: h, local: [3:x:4], share: false}', '  c: {host: h, dynamic: [1080], share: true}']);
	assert.equal(parsed.kind, 'ok');
	assert.deepEqual(parsed.kind === 'ok' ? parsed.profile.tunnels.map(tunnel => [tunnel.name, tunnel.share === true]) : [], [['a', true], ['b', false], ['c', true]]);
});

test('a bad share, and a shared tunnel with remote forwards alone, are errors with file, line, tunnel and field', () => {
	const parsed = parse(['share: yes please', 'tunnels:', '  a: {host: h, remote: [1:x:2], share: true}', '  b:', '    host: h', '    local: [1:x:2]', '    share: 3']);
	assert.equal(parsed.kind, 'invalid');
	assert.deepEqual(parsed.kind === 'invalid' ? parsed.issues.map(issue => [issue.file, issue.line, issue.tunnel, issue.field, issue.message.split(':')[0]]) : [], [
		['p.yaml', 1, undefined, 'share', 'must be true or false, got `yes please`'],
		['p.yaml', 3, 'a', 'share', 'a shared tunnel needs a `local'],
		['p.yaml', 7, 'b', 'share', 'must be true or false, got `3`'],
	]);
});

test('the connection identity: the same connection whatever the forwards; any setting of the connection makes another', () => {
	const ssh = {sshBinary: 'ssh', sshConfigFile: undefined};
	const base = tunnelOf({name: 'a'});
	assert.equal(connectionIdentity(base, ssh), connectionIdentity({...base, name: 'b', local: [], dynamic: [{listen: {kind: 'tcp', bind: undefined, port: 1080}}]}, ssh));
	const others = [
		connectionIdentity({...base, user: 'other'}, ssh),
		connectionIdentity({...base, port: 2222}, ssh),
		connectionIdentity({...base, jump: ['hop']}, ssh),
		connectionIdentity({...base, identityFile: '/k'}, ssh),
		connectionIdentity({...base, gateway: true}, ssh),
		connectionIdentity({...base, keepAlive: {interval: 1, countMax: 2}}, ssh),
		connectionIdentity({...base, options: [{keyword: 'Compression', value: 'yes'}]}, ssh),
		connectionIdentity(base, {...ssh, sshConfigFile: '/c'}),
		connectionIdentity(base, {...ssh, sshBinary: '/opt/ssh'}),
	];
	assert.equal(new Set([connectionIdentity(base, ssh), ...others]).size, others.length + 1);
});
