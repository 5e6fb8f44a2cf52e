import assert from 'node:assert/strict';
import {test} from 'node:test';
import {initialState, reduce, visibleTunnels, type UiEvent, type UiState} from '../../src/ui/model.js';
import {loaded, views} from './views.js';

const apply = (events: readonly UiEvent[], from: UiState = initialState): UiState => events.reduce(reduce, from);
const names = (state: UiState) => visibleTunnels(state).map(view => view.target.tunnel.name);

test('the first load selects the first tunnel; moving stops at both ends', () => {
	const state = apply([{kind: 'loaded', snapshot: loaded([views.up, views.down, views.failed])}]);
	assert.equal(state.selected, 'mysql-b');
	assert.equal(apply([{kind: 'move', by: 1}, {kind: 'move', by: 1}, {kind: 'move', by: 1}], state).selected, 'nat');
	assert.equal(apply([{kind: 'move', by: -1}], state).selected, 'mysql-b');
});

test('a refresh keeps the selection on its tunnel by name, even when the order changes', () => {
	const state = apply([{kind: 'loaded', snapshot: loaded([views.up, views.down])}, {kind: 'move', by: 1}]);
	assert.equal(apply([{kind: 'loaded', snapshot: loaded([views.down, views.up])}], state).selected, 'pg-a');
	// The selected tunnel was removed from the profile: the first one is selected.
	assert.equal(apply([{kind: 'loaded', snapshot: loaded([views.up])}], state).selected, 'mysql-b');
});

test('the filter matches name, host and ports, and moves the selection to a visible tunnel', () => {
	const state = apply([{kind: 'loaded', snapshot: loaded([views.up, views.down, views.stale])}, {kind: 'filter-typed', text: '15432'}]);
	assert.deepEqual(names(state), ['pg-a']);
	assert.equal(state.selected, 'pg-a');
	assert.deepEqual(names(apply([{kind: 'filter-typed', text: 'GONE'}], state)), ['gone']);
	assert.deepEqual(names(apply([{kind: 'filter-typed', text: 'nothing-like-this'}], state)), []);
});

test('an action marks its tunnel busy and clears its old report; the result clears busy', () => {
	const failedReport = {ok: false, lines: [{level: 'error' as const, text: 'pg-a: boom'}]};
	let state = apply([{kind: 'loaded', snapshot: loaded([views.down])}, {kind: 'reported', name: 'pg-a', report: failedReport}]);
	state = reduce(state, {kind: 'busy', name: 'pg-a', busy: 'starting'});
	assert.deepEqual(state.busy, {'pg-a': 'starting'});
	assert.equal(state.reports['pg-a'], undefined);
	state = reduce(state, {kind: 'reported', name: 'pg-a', report: {ok: true, lines: [{level: 'info', text: 'pg-a up'}]}});
	assert.deepEqual(state.busy, {});
	assert.equal(state.reports['pg-a']?.ok, true);
});

test('a new prompt at the head of the queue starts with an empty answer; the same head keeps it', () => {
	const first = {id: 1, tunnel: 'a', text: 'Password:', kind: 'secret' as const};
	const second = {id: 2, tunnel: 'b', text: 'Passphrase:', kind: 'secret' as const};
	let state = apply([{kind: 'prompts', prompts: [first]}, {kind: 'answer-typed', text: 'hunter2'}]);
	assert.equal(reduce(state, {kind: 'prompts', prompts: [first, second]}).answer, 'hunter2');
	state = reduce(state, {kind: 'prompts', prompts: [second]});
	assert.equal(state.answer, '');
});

test('a prune plan arriving after the dialog was closed is dropped', () => {
	const closed = apply([{kind: 'open', overlay: {kind: 'prune', plan: 'loading'}}, {kind: 'close'}, {kind: 'prune-planned', plan: []}]);
	assert.deepEqual(closed.overlay, {kind: 'none'});
});

test('a check\'s results go when the tunnel\'s state changes, and stay while it holds; a message expires only if still shown', () => {
	const step = {subject: {kind: 'process' as const}, result: {kind: 'pass' as const, cause: {kind: 'process-runs' as const, pid: 4893}}} as unknown as UiState['checks'][string][number];
	const checked = apply([{kind: 'loaded', snapshot: loaded([views.up, views.down])}, {kind: 'checked', name: 'mysql-b', steps: [step]}, {kind: 'checked', name: 'pg-a', steps: [step]}]);
	const same = apply([{kind: 'loaded', snapshot: loaded([views.up, views.down])}], checked);
	assert.deepEqual(Object.keys(same.checks).sort(), ['mysql-b', 'pg-a']);
	const stopped = apply([{kind: 'loaded', snapshot: loaded([{...views.up, status: {kind: 'down'}}, views.down])}], checked);
	assert.deepEqual(Object.keys(stopped.checks), ['pg-a'], 'mysql-b went down: its old results are gone');

	const first = {ok: true, lines: [{level: 'info' as const, text: 'copied'}]};
	const second = {ok: true, lines: [{level: 'info' as const, text: 'copied again'}]};
	const shown = apply([{kind: 'message', message: first}, {kind: 'message', message: second}]);
	assert.equal(apply([{kind: 'message-expired', message: first}], shown).message, second, 'an older message\'s timer does not clear a newer one');
	assert.equal(apply([{kind: 'message-expired', message: second}], shown).message, undefined);
});
