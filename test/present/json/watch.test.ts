import assert from 'node:assert/strict';
import {test} from 'node:test';
import {watchEventJson} from '../../../src/present/json/watch.js';
import type {WatchEvent} from '../../../src/watch/events.js';

const at = new Date('2026-11-24T22:40:01.456Z');

// `tunnels watch --json` is a public shape: a port's holder and what a start found instead are written
// as the words they always were, every other field as the event has it, in its place.
test('watch --json: one object per event; holders and what was found instead as words', () => {
	const cases: Array<[WatchEvent, string]> = [
		[
			{kind: 'start-failed', at, name: 'db', attempt: 2, failure: {kind: 'port-taken', taken: [{port: 9906, address: '127.0.0.1', holder: {kind: 'tunnel', name: 'other', pid: 4242}}]}, nextAt: new Date(at.getTime() + 2000)},
			'{"kind":"start-failed","at":"2026-11-24T22:40:01.456Z","name":"db","attempt":2,"failure":{"kind":"port-taken","taken":[{"port":9906,"address":"127.0.0.1","holder":"tunnel \'other\' (pid 4242)"}]},"nextAt":"2026-11-24T22:40:03.456Z"}',
		],
		[
			{kind: 'restarted', at, name: 'db', pid: 5, attempt: 1, after: {kind: 'unverified', found: {kind: 'stale', reason: 'duplicate'}}},
			'{"kind":"restarted","at":"2026-11-24T22:40:01.456Z","name":"db","pid":5,"attempt":1,"after":{"kind":"unverified","state":"more than one process"}}',
		],
		[
			{kind: 'lost', at, name: 'db', failure: {kind: 'unverified', found: {kind: 'down'}}},
			'{"kind":"lost","at":"2026-11-24T22:40:01.456Z","name":"db","failure":{"kind":"unverified","state":"down"}}',
		],
		[
			{kind: 'lost', at, name: 'db', failure: {kind: 'stale', reason: 'no-listener'}},
			'{"kind":"lost","at":"2026-11-24T22:40:01.456Z","name":"db","failure":{"kind":"stale","reason":"no-listener"}}',
		],
		[{kind: 'adopted', at, name: 'db', pid: 7}, '{"kind":"adopted","at":"2026-11-24T22:40:01.456Z","name":"db","pid":7}'],
	];
	for (const [event, json] of cases) {
		assert.equal(JSON.stringify(watchEventJson(event)), json);
	}
});
