import assert from 'node:assert/strict';
import {test} from 'node:test';
import {initialState, reduce, type UiState} from '../../src/ui/model.js';
import type {Snapshot} from '../../src/ui/services.js';
import type {WatchState} from '../../src/watch/events.js';
import type {TunnelStatus} from '../../src/tunnel/status.js';
import {at, loaded, upStatus, view, views} from './views.js';

const up = upStatus as Extract<TunnelStatus, {kind: 'up'}>;

const later = (snapshot: Snapshot, ms: number): Snapshot => (snapshot.kind === 'loaded' ? {...snapshot, at: new Date(snapshot.at.getTime() + ms)} : snapshot);
// A copy made afresh, as every refresh makes one: equal values, no object shared.
const fresh = (snapshot: Snapshot): Snapshot => structuredClone(snapshot);
const shown = loaded([views.up, views.down, views.failed]);
const start = reduce(initialState, {kind: 'loaded', snapshot: shown});

test('a refresh that reads the same, its uptimes worded alike (2m), leaves the state as it is: nothing to draw', () => {
	assert.equal(reduce(start, {kind: 'loaded', snapshot: fresh(later(shown, 2000))}), start);
});

test('a refresh whose time changes a word (2m to 3m, 59s to 1m) is taken, with its time', () => {
	const minuteOn = later(shown, 60_000);
	const next = reduce(start, {kind: 'loaded', snapshot: minuteOn});
	assert.notEqual(next, start);
	assert.equal(next.snapshot, minuteOn);
	const young = loaded([view({...up, startedAt: new Date(at.getTime() - 30_000)})]);
	const youngState = reduce(initialState, {kind: 'loaded', snapshot: young});
	assert.notEqual(reduce(youngState, {kind: 'loaded', snapshot: later(young, 1000)}), youngState, '30s becomes 31s');
});

test('any other change is taken: a state, a PID, a warning, a profile that broke', () => {
	const changes: Snapshot[] = [
		loaded([views.up, {...views.down, status: {kind: 'starting'}} as typeof views.down, views.failed]),
		loaded([view({...up, pid: 4894}), views.down, views.failed]),
		{...loaded([views.up, views.down, views.failed]), warnings: ['warning: x']} as Snapshot,
		{kind: 'invalid-profile', path: '/p', message: 'bad', details: undefined},
	];
	for (const snapshot of changes) {
		assert.notEqual(reduce(start, {kind: 'loaded', snapshot}), start, JSON.stringify(snapshot).slice(0, 120));
	}

	const broken: Snapshot = {kind: 'invalid-profile', path: '/p', message: 'bad', details: undefined};
	const brokenState = reduce(start, {kind: 'loaded', snapshot: broken});
	assert.equal(reduce(brokenState, {kind: 'loaded', snapshot: fresh(broken)}), brokenState);
});

test('a keeper\'s countdown (next in 8 s) is a text that time changes', () => {
	const reconnecting: WatchState = {name: 'mysql-b', policy: 'always', kind: 'reconnecting', attempt: 2, nextAt: new Date(at.getTime() + 8000), restarts: 1, lastFailure: undefined} as unknown as WatchState;
	const watched: UiState = reduce(start, {kind: 'watch', states: [reconnecting]});
	assert.notEqual(reduce(watched, {kind: 'loaded', snapshot: later(shown, 2000)}), watched);
});
