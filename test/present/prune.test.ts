import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {PruneItem} from '../../src/core/prune.js';
import type {ProcessInfo} from '../../src/proc/types.js';
import {outcomeLine, planLine, planText, pruneQuestion} from '../../src/present/prune.js';

const process = (pid: number): ProcessInfo => ({pid, ppid: 1, uid: 1000, name: 'ssh', argv: ['ssh'], startTicks: '1', startedAt: undefined, state: 'sleeping', program: 'as-named'});
const forwards = [{flag: 'L', spec: '9906:10.1.0.2:3306'}, {flag: 'R', spec: '9000:localhost:80'}] as const;

test('plan lines: what is done to which process or socket, whose it is, its forwards and why', () => {
	const cases: Array<[PruneItem, string]> = [
		[
			{action: 'kill', process: process(4893), subject: {kind: 'profile', name: 'mysql-b'}, forwards, why: 'no-listener', taken: [{listen: {kind: 'tcp', bind: undefined, port: 9906}, holder: {kind: 'process', pid: 77, command: 'nc -l 9906'}}, {listen: {kind: 'tcp', bind: undefined, port: 9907}, holder: {kind: 'unknown'}}]},
			'kill    pid 4893 · mysql-b · L 9906:10.1.0.2:3306, R 9000:localhost:80 · runs without all of its listeners (port 9906 is now held by pid 77 (nc -l 9906); it is left alone; port 9907 is now held by a process we cannot see (another user\'s, or outside this namespace); it is left alone)',
		],
		[{action: 'kill', process: process(12), subject: {kind: 'profile', name: 'db'}, forwards, why: 'duplicate'}, 'kill    pid 12 · db · L 9906:10.1.0.2:3306, R 9000:localhost:80 · a second process for the same tunnel'],
		[{action: 'kill', process: process(13), subject: {kind: 'orphan'}, forwards: [], why: 'orphan'}, 'kill    pid 13 · not in the profile · no forward on its command line · its tunnel is no longer in the profile file'],
		[{action: 'remove-socket', path: '/run/t/db', subject: {kind: 'profile', name: 'db'}, why: 'socket-refused'}, 'remove  /run/t/db · db · control socket left behind by a dead master'],
		[
			{action: 'skip', process: process(14), subject: {kind: 'foreign'}, forwards, why: 'no-listener', because: 'foreign'},
			'skip    pid 14 · outside the profile · L 9906:10.1.0.2:3306, R 9000:localhost:80 · runs without all of its listeners; not this profile\'s: pass --include-outside or its PID to `tunnels kill`',
		],
		[
			{action: 'skip', process: process(15), subject: {kind: 'profile', name: 'db'}, forwards, why: 'unverified-master', because: 'socket-not-ours'},
			'skip    pid 15 · db · L 9906:10.1.0.2:3306, R 9000:localhost:80 · control socket answered by something that is not this tunnel; left alone until what answers on its socket is stopped',
		],
	];
	for (const [item, line] of cases) {
		assert.equal(planLine(item), line);
	}

	assert.equal(planText([]), 'nothing is stale');
	assert.equal(planText(cases.slice(1, 3).map(([item]) => item)), `${cases[1]![1]}\n${cases[2]![1]}`);
	assert.deepEqual([pruneQuestion(1), pruneQuestion(3)], ['do this? [y/N] ', 'do these 3? [y/N] ']);
});

test('outcome lines: killed, left, failed, removed, kept', () => {
	const kill: PruneItem = {action: 'kill', process: process(4893), subject: {kind: 'profile', name: 'db'}, forwards, why: 'master-unresponsive'};
	const socket: PruneItem = {action: 'remove-socket', path: '/run/t/db', subject: {kind: 'orphan'}, why: 'socket-refused'};
	assert.deepEqual([
		outcomeLine({item: kill, result: {kind: 'stopped', by: 'SIGKILL'}}),
		outcomeLine({item: kill, result: {kind: 'refused', reason: 'identity-changed'}}),
		outcomeLine({item: kill, result: {kind: 'failed', reason: 'not-permitted'}}),
		outcomeLine({item: socket, result: {kind: 'removed'}}),
		outcomeLine({item: socket, result: {kind: 'kept'}}),
	], [
		'killed  pid 4893 · SIGKILL',
		'left    pid 4893 · the PID belongs to another process now',
		'FAILED  pid 4893 · not-permitted',
		'removed /run/t/db',
		'kept    /run/t/db · it answers again',
	]);
});
