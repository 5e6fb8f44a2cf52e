import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {TunnelStatus} from '../../src/tunnel/status.js';
import {probePace, sightingOf, sightingOfProbe} from '../../src/watch/sighting.js';
import {tunnel} from '../support/builders.js';

const upStatus: TunnelStatus = {kind: 'up', pid: 40, startedAt: undefined, forwards: []};
const stop = {at: '2026-11-24T22:41:00.000Z', by: 'down'} as const;

test('sightingOf: status, probe and a person\'s stop as one sighting', () => {
	const cases: Array<[TunnelStatus, Parameters<typeof sightingOf>[1], Parameters<typeof sightingOf>[2], ReturnType<typeof sightingOf>]> = [
		[upStatus, {kind: 'answered'}, undefined, {kind: 'up', pid: 40}],
		[upStatus, {kind: 'timeout'}, undefined, {kind: 'unresponsive', pid: 40, silentMs: 2000}],
		// The master could not ask (ControlMaster=ask, a socket gone meanwhile): nothing against the server.
		[upStatus, {kind: 'inconclusive', detail: 'permission denied'}, undefined, {kind: 'up', pid: 40}],
		[upStatus, {kind: 'timeout'}, stop, {kind: 'stopped', stop}],
		[{kind: 'down'}, undefined, stop, {kind: 'stopped', stop}],
		[{kind: 'down'}, undefined, undefined, {kind: 'down'}],
		[{kind: 'starting', pid: 41}, undefined, undefined, {kind: 'starting'}],
		[{kind: 'failed', at: stop.at, failure: {kind: 'auth-failed', line: 'x'}}, undefined, undefined, {kind: 'failed', failure: {kind: 'auth-failed', line: 'x'}}],
		// SIGKILL leaves the socket file: the process is gone, and `up` removes the file.
		[{kind: 'stale', reason: 'socket-refused', pids: [], forwards: []}, undefined, undefined, {kind: 'down'}],
		[{kind: 'stale', reason: 'socket-refused', pids: [7], forwards: []}, undefined, undefined, {kind: 'stale', reason: 'socket-refused'}],
		[{kind: 'stale', reason: 'no-listener', pids: [7], forwards: []}, undefined, undefined, {kind: 'stale', reason: 'no-listener'}],
	];
	for (const [status, probe, stopRecord, expected] of cases) {
		assert.deepEqual(sightingOf(status, probe, stopRecord, 2000), expected, JSON.stringify([status, probe, stopRecord]));
	}
});

test('sightingOfProbe: up, silent, or nothing said (a look is needed)', () => {
	assert.deepEqual(sightingOfProbe(40, {kind: 'answered'}, 2000), {kind: 'up', pid: 40});
	assert.deepEqual(sightingOfProbe(40, {kind: 'timeout'}, 2000), {kind: 'unresponsive', pid: 40, silentMs: 2000});
	assert.equal(sightingOfProbe(40, {kind: 'inconclusive', detail: 'cannot connect to /run/t/db: ECONNREFUSED'}, 2000), undefined);
});

test('probePace: as often as the keep-alives (not more: each probe is a line in sshd\'s log), waiting as long as they tolerate, within 1 s and the bound', () => {
	assert.deepEqual(probePace(tunnel(), 5000), {everyMs: 15_000, timeoutMs: 5000}, 'default 15 s × 3');
	assert.deepEqual(probePace(tunnel({keepAlive: {interval: 1, countMax: 2}}), 5000), {everyMs: 1000, timeoutMs: 2000});
	assert.deepEqual(probePace(tunnel({keepAlive: {interval: 2, countMax: 1}}), 5000), {everyMs: 2000, timeoutMs: 2000});
	assert.deepEqual(probePace(tunnel({keepAlive: {interval: 1, countMax: 1}}), 500), {everyMs: 1000, timeoutMs: 1000}, 'never below 1 s');
});
