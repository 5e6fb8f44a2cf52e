import assert from 'node:assert/strict';
import {test} from 'node:test';
import {keeperWords, sourceLabel, stateWord, uptime} from '../../src/present/status.js';
import type {Forward} from '../../src/profile/types.js';
import type {TunnelStatus} from '../../src/tunnel/status.js';

const now = new Date('2025-03-01T12:00:00.000Z');
const ago = (ms: number): Date => new Date(now.getTime() - ms);

test('uptime: the largest whole unit, seconds rounded', () => {
	const cases: Array<[Date | undefined, string]> = [
		[undefined, ''],
		[now, '0s'],
		[ago(44_600), '45s'],
		[ago(59_400), '59s'],
		[ago(59_500), '1m'],
		[ago(60_000), '1m'],
		[ago(12 * 60_000 + 59_000), '12m'],
		[ago(3_599_000), '59m'],
		[ago(3_600_000), '1h'],
		[ago(3 * 3_600_000 + 59 * 60_000), '3h'],
		[ago(86_399_000), '23h'],
		[ago(86_400_000), '1d'],
		[ago(45 * 86_400_000), '45d'],
		// A start a little in the future (clock adjusted, ±1 s of /proc btime) is not negative.
		[new Date(now.getTime() + 1500), '0s'],
	];
	for (const [startedAt, expected] of cases) {
		assert.equal(uptime(startedAt, now), expected, String(startedAt?.toISOString()));
	}
});

test('stateWord: one word, and for stale and failed the reason in a person\'s words', () => {
	const forward: Forward = {listen: {kind: 'tcp', bind: undefined, port: 9906}, target: {kind: 'tcp', host: '10.1.0.2', port: 3306}};
	const forwards = [{kind: 'local' as const, forward, bound: []}];
	const cases: Array<[TunnelStatus, string]> = [
		[{kind: 'down'}, 'down'],
		[{kind: 'starting', pid: 4242}, 'starting'],
		[{kind: 'up', pid: 4242, startedAt: undefined, forwards}, 'up'],
		[{kind: 'stale', reason: 'no-listener', pids: [4242], forwards}, 'stale: runs but does not hold its listeners'],
		[{kind: 'stale', reason: 'socket-refused', pids: [], forwards}, 'stale: control socket left behind by a dead master'],
		[{kind: 'stale', reason: 'no-control-socket', pids: [4242], forwards}, 'stale: runs without its control socket'],
		[{kind: 'stale', reason: 'master-unresponsive', pids: [4242], forwards}, 'stale: master does not answer'],
		[{kind: 'stale', reason: 'unverified-master', pids: [4242], forwards: []}, 'stale: control socket answered by something that is not this tunnel'],
		[{kind: 'stale', reason: 'duplicate', pids: [4242, 4300], forwards}, 'stale: more than one process'],
		[{kind: 'failed', at: '2025-03-01T11:59:40.000Z', failure: {kind: 'port-in-use', address: '127.0.0.1', port: 9906, line: 'bind [127.0.0.1]:9906: Address already in use'}},
			'failed: local port 9906 on 127.0.0.1 is already in use'],
		[{kind: 'failed', at: '2025-03-01T11:59:40.000Z', failure: {kind: 'auth-failed', line: 'root@10.1.0.2: Permission denied (publickey).'}},
			'failed: authentication failed'],
		[{kind: 'failed', at: '2025-03-01T11:59:40.000Z', failure: {kind: 'auth-failed', line: 'root@10.1.0.2: Permission denied (publickey).'}, gaveUp: {pid: 777}},
			'needs you: authentication failed (its keeper, pid 777, stopped retrying)'],
		[{kind: 'failed', at: '2025-03-01T11:59:40.000Z', failure: {kind: 'other', exitCode: 255, line: 'Connection closed by 10.1.0.2 port 22'}},
			'failed: ssh failed (exit 255): Connection closed by 10.1.0.2 port 22'],
	];
	for (const [status, expected] of cases) {
		assert.equal(stateWord(status), expected, JSON.stringify(status));
	}
});

test('sourceLabel: nothing for the profile\'s tunnels, file:line for the ssh config\'s, under ~ when in the home directory', () => {
	const route = 'me@h:22';
	assert.equal(sourceLabel({kind: 'profile'}, '/home/me'), '');
	assert.equal(sourceLabel({kind: 'ssh-config', file: '/home/me/.ssh/config', line: 12, route}, '/home/me'), '~/.ssh/config:12');
	assert.equal(sourceLabel({kind: 'ssh-config', file: '/home/mel/.ssh/config', line: 3, route}, '/home/me'), '/home/mel/.ssh/config:3');
	assert.equal(sourceLabel({kind: 'ssh-config', file: '/etc/ssh/tunnels.conf', line: 1, route}, '/home/me'), '/etc/ssh/tunnels.conf:1');
});

test('keeperWords: who keeps a tunnel, `this UI` in the UI that keeps it', () => {
	assert.equal(keeperWords({kind: 'service', pid: 12}), 'the service (pid 12)');
	assert.equal(keeperWords({kind: 'watch', pid: 13}), 'tunnels watch (pid 13)');
	assert.equal(keeperWords({kind: 'ui', pid: 14}, 14), 'this UI');
	assert.equal(keeperWords({kind: 'ui', pid: 14}, 15), 'a tunnels UI (pid 14)');
});
