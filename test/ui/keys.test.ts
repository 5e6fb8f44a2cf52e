import assert from 'node:assert/strict';
import {test} from 'node:test';
import {keyIntent, keyIntents, type KeyPress} from '../../src/ui/keys.js';
import {initialState, reduce, type UiEvent, type UiState} from '../../src/ui/model.js';
import {loaded, views} from './views.js';

const none: KeyPress = {upArrow: false, downArrow: false, return: false, escape: false, backspace: false, delete: false, ctrl: false, meta: false, tab: false, pageUp: false, pageDown: false, home: false, end: false};
const key = (spec: Partial<KeyPress>): KeyPress => ({...none, ...spec});
const state = (...events: UiEvent[]): UiState => events.reduce(reduce, initialState);
const list = state({kind: 'loaded', snapshot: loaded([views.up, views.down, views.stale, views.failed])});
const on = (name: string, from = list): UiState => ({...from, selected: name});

test('list keys: move, toggle by state, command, check, prune, filter, help, refresh, quit', () => {
	const cases: Array<[string, UiState, string, KeyPress, unknown]> = [
		['j moves down', list, 'j', none, {kind: 'event', event: {kind: 'move', by: 1}}],
		['arrow up moves up', list, '', key({upArrow: true}), {kind: 'event', event: {kind: 'move', by: -1}}],
		['enter on an up tunnel stops it', on('mysql-b'), '', key({return: true}), {kind: 'stop', name: 'mysql-b'}],
		['space on a down tunnel starts it', on('pg-a'), ' ', none, {kind: 'start', name: 'pg-a'}],
		['enter on a failed tunnel starts it again', on('nat'), '', key({return: true}), {kind: 'start', name: 'nat'}],
		['enter on a stale tunnel stops what runs', on('gone'), '', key({return: true}), {kind: 'stop', name: 'gone'}],
		['c copies the minimal command', on('pg-a'), 'c', none, {kind: 'copy', what: 'minimal', text: views.down.minimal}],
		['C copies the exact command', on('pg-a'), 'C', none, {kind: 'copy', what: 'exact', text: views.down.command}],
		['g goes to the first row', on('nat'), 'g', none, {kind: 'event', event: {kind: 'move-to', to: 'first'}}],
		['G goes to the last row', list, 'G', none, {kind: 'event', event: {kind: 'move-to', to: 'last'}}],
		['End goes to the last row', list, '', key({end: true}), {kind: 'event', event: {kind: 'move-to', to: 'last'}}],
		['PgDn moves a page', list, '', key({pageDown: true}), {kind: 'event', event: {kind: 'page', by: 1}}],
		['+ asks to start every down tunnel shown', list, '+', none, {kind: 'event', event: {kind: 'open', overlay: {kind: 'bulk', action: 'start', names: ['pg-a', 'nat']}}}],
		['- asks to stop every running tunnel shown', list, '-', none, {kind: 'event', event: {kind: 'open', overlay: {kind: 'bulk', action: 'stop', names: ['mysql-b', 'gone']}}}],
		['ctrl-z suspends', list, 'z', key({ctrl: true}), {kind: 'suspend'}],
		['x checks', on('pg-a'), 'x', none, {kind: 'check', name: 'pg-a'}],
		['p plans a prune', list, 'p', none, {kind: 'plan-prune'}],
		['/ opens the filter', list, '/', none, {kind: 'event', event: {kind: 'open', overlay: {kind: 'filter'}}}],
		['? opens help', list, '?', none, {kind: 'event', event: {kind: 'open', overlay: {kind: 'help'}}}],
		['r refreshes', list, 'r', none, {kind: 'refresh'}],
		['q quits', list, 'q', none, {kind: 'quit'}],
		['ctrl-c quits', list, 'c', key({ctrl: true}), {kind: 'quit'}],
		['a opens the add field', list, 'a', none, {kind: 'event', event: {kind: 'open', overlay: {kind: 'add', text: ''}}}],
		['w starts keeping the restart: tunnels up', list, 'w', none, {kind: 'set-watching', on: true}],
		['w stops it again', {...list, watch: []}, 'w', none, {kind: 'set-watching', on: false}],
		['an unbound key gets a short hint', list, 'z', none, {kind: 'event', event: {kind: 'message', message: {ok: true, lines: [{level: 'info', text: 'z: not a key here · ? lists the keys'}]}}}],
	];
	for (const [label, from, input, press, expected] of cases) {
		assert.deepEqual(keyIntent(from, input, press), expected, label);
	}
});

test('a busy tunnel takes no second action until the first one ends', () => {
	const busy = reduce(on('pg-a'), {kind: 'busy', name: 'pg-a', busy: 'starting'});
	assert.equal(keyIntent(busy, '', key({return: true})), undefined);
	assert.equal(keyIntent(busy, 'x', none), undefined);
	assert.deepEqual(keyIntent(busy, 'j', none), {kind: 'event', event: {kind: 'move', by: 1}}, 'moving still works');
});

const hint = (input: string) => ({kind: 'event', event: {kind: 'message', message: {ok: true, lines: [{level: 'info', text: `${input}: not a key here · ? lists the keys`}]}}});

test('first run: e writes the example file, a adds, list keys only say they are not keys here', () => {
	const first = state({kind: 'loaded', snapshot: {kind: 'no-profile', path: '/p.yaml'}});
	assert.deepEqual(keyIntent(first, 'e', none), {kind: 'create-example'});
	assert.deepEqual(keyIntent(first, 'a', none), {kind: 'event', event: {kind: 'open', overlay: {kind: 'add', text: ''}}});
	assert.deepEqual(keyIntent(first, 'j', none), hint('j'));
	assert.deepEqual(keyIntent(first, 'p', none), hint('p'));
});

test('a broken profile offers no start, stop or check: those keys are not keys there', () => {
	const broken = state({kind: 'loaded', snapshot: {kind: 'invalid-profile', path: '/p.yaml', message: '1 error', details: undefined}});
	assert.equal(keyIntent(broken, '', key({return: true})), undefined);
	assert.deepEqual(keyIntent(broken, 'x', none), hint('x'));
	assert.deepEqual(keyIntent(broken, '+', none), hint('+'));
	assert.deepEqual(keyIntent(broken, 'r', none), {kind: 'refresh'});
});

test('esc in the filter clears it and leaves typing; the bulk confirm lists the rows, y runs them, esc does not', () => {
	const filtering = reduce(reduce(list, {kind: 'open', overlay: {kind: 'filter'}}), {kind: 'filter-typed', text: 'pg'});
	const cleared = reduce(filtering, {kind: 'filter-cleared'});
	assert.equal(cleared.filter, '');
	assert.equal(cleared.overlay.kind, 'none');
	const asking = reduce(list, {kind: 'open', overlay: {kind: 'bulk', action: 'stop', names: ['mysql-b', 'gone']}});
	assert.deepEqual(keyIntent(asking, 'y', none), {kind: 'stop-many', names: ['mysql-b', 'gone']});
	assert.deepEqual(keyIntent(asking, '', key({escape: true})), {kind: 'event', event: {kind: 'close'}});
	assert.equal(keyIntent(asking, 'j', none), undefined);
});

test('a host-key question: y and n answer, escape cancels, other keys do nothing', () => {
	const asking = reduce(list, {kind: 'prompts', prompts: [{id: 7, tunnel: 'pg-a', text: 'Are you sure you want to continue connecting (yes/no/[fingerprint])? ', kind: 'confirm'}]});
	assert.deepEqual(keyIntent(asking, 'y', none), {kind: 'answer', id: 7, answer: 'yes'});
	assert.deepEqual(keyIntent(asking, 'n', none), {kind: 'answer', id: 7, answer: 'no'});
	assert.deepEqual(keyIntent(asking, '', key({escape: true})), {kind: 'answer', id: 7, answer: undefined});
	assert.equal(keyIntent(asking, 'q', none), undefined, 'q does not quit under a question');
});

test('a secret: typed text, backspace, enter sends, escape cancels', () => {
	const asking = reduce(list, {kind: 'prompts', prompts: [{id: 3, tunnel: 'pg-a', text: 'Password:', kind: 'secret'}]});
	assert.deepEqual(keyIntent(asking, 'hun', none), {kind: 'event', event: {kind: 'answer-typed', text: 'hun'}});
	const typed = reduce(asking, {kind: 'answer-typed', text: 'hun'});
	assert.deepEqual(keyIntent(typed, '', key({backspace: true})), {kind: 'event', event: {kind: 'answer-typed', text: 'hu'}});
	assert.deepEqual(keyIntent(typed, '', key({return: true})), {kind: 'answer', id: 3, answer: 'hun'});
	assert.deepEqual(keyIntent(typed, '', key({escape: true})), {kind: 'answer', id: 3, answer: undefined});
	assert.deepEqual(keyIntent(typed, 'q', none), {kind: 'event', event: {kind: 'answer-typed', text: 'hunq'}}, 'q is text here');
});

test('filter and add fields: a paste arrives whole, control characters dropped; enter submits', () => {
	const filtering = reduce(list, {kind: 'open', overlay: {kind: 'filter'}});
	assert.deepEqual(keyIntent(filtering, 'pg', none), {kind: 'event', event: {kind: 'filter-typed', text: 'pg'}});
	assert.deepEqual(keyIntent(filtering, '', key({escape: true})), {kind: 'event', event: {kind: 'filter-cleared'}});
	const adding = reduce(list, {kind: 'open', overlay: {kind: 'add', text: ''}});
	const line = 'ssh -f -N -L 9906:10.1.0.2:3306 root@10.1.0.2';
	assert.deepEqual(keyIntent(adding, `${line}\r`, none), {kind: 'event', event: {kind: 'text-typed', text: line}});
	const typed = reduce(adding, {kind: 'text-typed', text: line});
	assert.deepEqual(keyIntent(typed, '', key({return: true})), {kind: 'import', line});
});

test('prune dialog: y only once the plan has something to do; n closes', () => {
	const loading = reduce(list, {kind: 'open', overlay: {kind: 'prune', plan: 'loading'}});
	assert.equal(keyIntent(loading, 'y', none), undefined);
	const empty = reduce(loading, {kind: 'prune-planned', plan: []});
	assert.equal(keyIntent(empty, 'y', none), undefined);
	assert.deepEqual(keyIntent(empty, 'n', none), {kind: 'event', event: {kind: 'close'}});
});

test('keys that arrive in one read are each a key, read against the state the ones before them left', () => {
	const move = {kind: 'event', event: {kind: 'move', by: 1}};
	assert.deepEqual(keyIntents(list, 'jjj', none), [move, move, move], 'jjj moves three rows');
	assert.deepEqual(keyIntents(list, 'kkkkk', none).length, 5);
	assert.deepEqual(keyIntents(list, 'j', none), [move], 'one key as before');
	assert.deepEqual(keyIntents(list, '', key({downArrow: true})), [move], 'an arrow as before');
	// '/' opens the filter: what follows in the same read is the filter's text, whole, then enter closes it.
	assert.deepEqual(keyIntents(list, '/pg\r', none), [
		{kind: 'event', event: {kind: 'open', overlay: {kind: 'filter'}}},
		{kind: 'event', event: {kind: 'filter-typed', text: 'pg'}},
		{kind: 'event', event: {kind: 'close'}},
	]);
	const filtering = state({kind: 'loaded', snapshot: loaded([views.up, views.down])}, {kind: 'open', overlay: {kind: 'filter'}}, {kind: 'filter-typed', text: 'mysql'});
	assert.deepEqual(keyIntents(filtering, '\u007F\u007F', none), [
		{kind: 'event', event: {kind: 'filter-typed', text: 'mysq'}},
		{kind: 'event', event: {kind: 'filter-typed', text: 'mys'}},
	], 'two backspaces in one read delete two characters');
	assert.deepEqual(keyIntents(filtering, 'ql', none), [{kind: 'event', event: {kind: 'filter-typed', text: 'mysqlql'}}], 'a paste lands whole, q is text here');
	const withModifier = keyIntent(list, 'jj', key({meta: true}));
	assert.deepEqual(keyIntents(list, 'jj', key({meta: true})), withModifier === undefined ? [] : [withModifier], 'a modifier: Ink\'s one key, as before');
});
