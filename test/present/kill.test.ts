import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {KillRefusal, KillResult} from '../../src/core/kill.js';
import type {ReportLine} from '../../src/present/up.js';
import {describeKillResult, describeRefusal} from '../../src/present/kill.js';

test('why a process was not touched', () => {
	const cases: Array<[KillRefusal, string]> = [
		['not-found', 'no such process'],
		['zombie', 'a zombie: already dead, its parent must reap it'],
		['identity-changed', 'the PID belongs to another process now'],
		['other-user', 'belongs to another user'],
		['not-ssh', 'not an ssh process'],
		['not-a-tunnel', 'an ssh without forwards (an interactive session or a control client)'],
	];
	for (const [reason, words] of cases) {
		assert.equal(describeRefusal(reason), words);
	}
});

test('tunnels kill: a line per name or PID; the PID named after a tunnel\'s name', () => {
	const cases: Array<[KillResult, ReportLine]> = [
		[{target: 'db', pid: 4242, outcome: {kind: 'stopped', by: 'ssh -O exit'}}, {level: 'info', text: 'killed db (pid 4242) · ssh -O exit'}],
		[{target: '4242', pid: 4242, outcome: {kind: 'stopped', by: 'SIGTERM'}}, {level: 'info', text: 'killed 4242 · SIGTERM'}],
		[{target: 'db', pid: undefined, outcome: {kind: 'not-running'}}, {level: 'info', text: 'db was not running'}],
		[{target: '77', pid: 77, outcome: {kind: 'refused', reason: 'not-ssh'}}, {level: 'detail', text: 'refused: 77: not an ssh process; nothing was signalled'}],
		[{target: 'db', pid: 4242, outcome: {kind: 'failed', reason: 'survived'}}, {level: 'error', text: 'db (pid 4242): survived'}],
	];
	for (const [result, line] of cases) {
		assert.deepEqual(describeKillResult(result), line);
	}
});
