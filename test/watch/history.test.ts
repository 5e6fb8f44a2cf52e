import assert from 'node:assert/strict';
import {test} from 'node:test';
import {readHistory} from '../../src/logs/history.js';
import {eventHistory} from '../../src/watch/history.js';
import {fakeDeps} from '../support/fake-deps.js';

const at = new Date('2026-11-29T20:00:00.000Z');

test('a keeper\'s events go to their tunnel\'s log in the order they came; the watcher\'s own go nowhere', async () => {
	const {deps, world} = fakeDeps();
	const history = eventHistory(deps, 321);
	history.record({kind: 'lost', at, name: 'db', failure: {kind: 'process-gone', pid: 4100}});
	history.record({kind: 'woke', at, sleptMs: 5000});
	history.record({kind: 'restarted', at, name: 'db', pid: 4200, attempt: 1, after: {kind: 'process-gone', pid: 4100}});
	history.record({kind: 'started', at, name: 'web', pid: 4300, attempt: 1});
	await history.flushed();
	assert.deepEqual(readHistory([world.logs.get('db')!]).map(entry => entry.kind === 'record' && entry.record.kind === 'watch' && [entry.record.pid, entry.record.event.kind]), [[321, 'lost'], [321, 'restarted']]);
	assert.equal(readHistory([world.logs.get('web')!]).length, 1);
	assert.deepEqual([...world.logs.keys()].sort(), ['db', 'web']);
});

test('a write that fails is dropped, and the next ones still go', async () => {
	const {deps, world} = fakeDeps();
	let calls = 0;
	const failingOnce = {...deps, runtime: {...deps.runtime, async appendLog(name: string, line: string) {
		calls++;
		if (calls === 1) {
			throw new Error('ENOSPC');
		}

		await deps.runtime.appendLog(name, line);
	}}};
	const history = eventHistory(failingOnce, 1);
	history.record({kind: 'idle', at, name: 'db'});
	history.record({kind: 'idle', at, name: 'db'});
	await history.flushed();
	assert.equal(readHistory([world.logs.get('db')!]).length, 1);
});
