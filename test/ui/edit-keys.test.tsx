import assert from 'node:assert/strict';
import {test} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import {render} from 'ink-testing-library';
import {App} from '../../src/ui/app.js';
import {keyIntent} from '../../src/ui/keys.js';
import {noColours} from '../../src/ui/look.js';
import {initialState, reduce} from '../../src/ui/model.js';
import type {EditOutcome, UiServices} from '../../src/ui/services.js';
import type {EditRequest} from '../../src/profile/edit-request.js';
import {until} from '../support/wait.js';
import {loaded, view, views} from './views.js';

const none = {upArrow: false, downArrow: false, return: false, escape: false, backspace: false, delete: false, ctrl: false, meta: false, tab: false, pageUp: false, pageDown: false, home: false, end: false};
const fromConfig = {...view({kind: 'down'}, {name: 'cfg'}), source: '~/.ssh/config:3'};
const list = reduce(initialState, {kind: 'loaded', snapshot: loaded([views.up, views.down, fromConfig])});
const onDown = reduce(list, {kind: 'move', by: 1});
const onConfig = reduce(onDown, {kind: 'move', by: 1});

test('the edit keys on the list: each asks for the same change as its CLI verb', () => {
	assert.deepEqual(keyIntent(onDown, 'd', none), {kind: 'event', event: {kind: 'open', overlay: {kind: 'remove', name: 'pg-a', running: false}}});
	assert.deepEqual(keyIntent(list, 'd', none), {kind: 'event', event: {kind: 'open', overlay: {kind: 'remove', name: 'mysql-b', running: true}}}, 'a running one says it is stopped first');
	assert.deepEqual(keyIntent(onDown, 'R', none), {kind: 'event', event: {kind: 'open', overlay: {kind: 'rename', name: 'pg-a', text: 'pg-a'}}});
	assert.deepEqual(keyIntent(onDown, 'D', none), {kind: 'change', name: 'pg-a', request: {kind: 'copy', to: 'pg-a-copy'}});
	assert.deepEqual(keyIntent(onDown, 'e', none), {kind: 'edit', name: 'pg-a', again: false});
	for (const key of ['d', 'R', 'D', 'e']) {
		const hint = keyIntent(onConfig, key, none);
		assert.ok(hint?.kind === 'event' && hint.event.kind === 'message' && /comes from ~\/\.ssh\/config:3/.test(hint.event.message?.lines[0]?.text ?? ''), `${key} on an ssh-config tunnel hints why not`);
	}
});

test('e on a profile that does not validate opens the editor on the whole file', () => {
	const invalid = reduce(initialState, {kind: 'loaded', snapshot: {kind: 'invalid-profile', path: '/p/tunnels.yaml', message: '1 error', details: undefined}});
	assert.deepEqual(keyIntent(invalid, 'e', none), {kind: 'edit', name: undefined, again: false});
});

test('D names the copy past the names taken', () => {
	const taken = reduce(initialState, {kind: 'loaded', snapshot: loaded([views.down, view({kind: 'down'}, {name: 'pg-a-copy'}), view({kind: 'down'}, {name: 'pg-a-copy-2'})])});
	assert.deepEqual(keyIntent(taken, 'D', none), {kind: 'change', name: 'pg-a', request: {kind: 'copy', to: 'pg-a-copy-3'}});
});

test('the remove confirm and the rename prompt: y and enter change, n and esc close', () => {
	const removing = reduce(onDown, {kind: 'open', overlay: {kind: 'remove', name: 'pg-a', running: false}});
	assert.deepEqual(keyIntent(removing, 'y', none), {kind: 'change', name: 'pg-a', request: {kind: 'rm'}});
	assert.deepEqual(keyIntent(removing, 'n', none), {kind: 'event', event: {kind: 'close'}});
	const renaming = reduce(onDown, {kind: 'open', overlay: {kind: 'rename', name: 'pg-a', text: 'pg-a'}});
	const typed = reduce(renaming, {kind: 'text-typed', text: 'pg-b'});
	assert.deepEqual(keyIntent(typed, '', {...none, return: true}), {kind: 'change', name: 'pg-a', request: {kind: 'rename', to: 'pg-b'}});
	assert.deepEqual(keyIntent(typed, '', {...none, escape: true}), {kind: 'event', event: {kind: 'close'}});
});

/** Services over a list of names the changes edit, so that a reload shows what a change did. */
function services(editOutcomes: EditOutcome[]) {
	const calls: string[] = [];
	let names = ['mysql-b', 'pg-a'];
	const api: UiServices = {
		load: async () => loaded(names.map(name => (name === 'mysql-b' ? views.up : view({kind: 'down'}, {name})))),
		start: async () => ({ok: true, lines: []}),
		stop: async () => ({ok: true, lines: []}),
		check: async () => [],
		planPrune: async () => [],
		executePrune: async () => [],
		createExample: async () => ({ok: true, lines: []}),
		importCommand: async () => ({ok: true, lines: []}),
		onPrompts: () => () => undefined,
		answerPrompt() {},
		setWatching: async () => undefined,
		onWatch: () => () => undefined,
		followLog: () => () => undefined,
		async change(name, request: EditRequest) {
			calls.push(`${request.kind} ${name}${'to' in request ? ` ${request.to}` : ''}`);
			if (request.kind === 'rename' && request.to === 'taken') {
				return {ok: false, lines: [{level: 'error', text: 'a tunnel `taken` is already in the file; nothing was changed'}]};
			}

			names = request.kind === 'rm' ? names.filter(each => each !== name) : request.kind === 'rename' ? names.map(each => (each === name ? request.to : each)) : request.kind === 'copy' ? [...names, request.to] : names;
			return {ok: true, lines: [{level: 'info', text: `${name}: done`}]};
		},
		async edit(name, again) {
			calls.push(`edit ${name}${again ? ' again' : ''}`);
			return editOutcomes.shift() ?? {kind: 'done', report: {ok: true, lines: []}};
		},
		async discardEdit() {
			calls.push('discard');
		},
	};
	return {api, calls};
}

async function shown(frame: () => string | undefined, pattern: RegExp): Promise<string> {
	return until(async () => (pattern.test(frame() ?? '') ? frame() : undefined), 2000, () => `no frame matched ${pattern}; last:\n${frame()}`);
}

/** Backspaces one read at a time, each seen in the field: Ink 6 drops backspaces that arrive in one read. */
async function erase(ui: ReturnType<typeof render>, text: string, count: number): Promise<void> {
	for (let left = text.length - 1; left >= text.length - count; left--) {
		ui.stdin.write('\u007F');
		await shown(ui.lastFrame, new RegExp(`> ${text.slice(0, left)}█`));
	}
}

test('d asks first, then removes; R renames and the selection follows; D copies and selects the copy', async () => {
	const fake = services([]);
	const ui = render(<App services={fake.api} palette={noColours} refreshMs={60_000} />);
	try {
		await shown(ui.lastFrame, /pg-a/);
		ui.stdin.write('D');
		await shown(ui.lastFrame, /› ○ down +mysql-b-copy/);
		ui.stdin.write('R');
		await shown(ui.lastFrame, /A new name for mysql-b-copy/);
		await erase(ui, 'mysql-b-copy', 5);
		ui.stdin.write('x\r');
		await shown(ui.lastFrame, /› ○ down +mysql-bx/);
		ui.stdin.write('R');
		await shown(ui.lastFrame, /A new name/);
		await erase(ui, 'mysql-bx', 8);
		ui.stdin.write('taken\r');
		await shown(ui.lastFrame, /already in the file/);
		ui.stdin.write('d');
		await shown(ui.lastFrame, /remove mysql-bx from the profile\?/);
		ui.stdin.write('y');
		await until(async () => (/down +mysql-bx/.test(ui.lastFrame() ?? '') ? undefined : true), 2000, () => `still shown:\n${ui.lastFrame()}`);
		assert.deepEqual(fake.calls, ['copy mysql-b mysql-b-copy', 'rename mysql-b-copy mysql-bx', 'rename mysql-bx taken', 'rm mysql-bx']);
	} finally {
		ui.unmount();
	}
});

test('e: a copy that does not validate shows its errors and offers the editor again; n discards it', async () => {
	const fake = services([{kind: 'invalid', lines: ['tunnels.yaml:3: error: port: must be a number']}, {kind: 'invalid', lines: ['tunnels.yaml:3: error: still wrong']}]);
	const ui = render(<App services={fake.api} palette={noColours} refreshMs={60_000} />);
	try {
		await shown(ui.lastFrame, /pg-a/);
		ui.stdin.write('e');
		await shown(ui.lastFrame, /must be a number/);
		// Ink listens for keys again in an effect after the frame is drawn; the test's stdin, unlike a
		// terminal, does not keep what is written before that.
		await delay(100);
		ui.stdin.write('y');
		await shown(ui.lastFrame, /still wrong/);
		await delay(100);
		ui.stdin.write('n');
		await shown(ui.lastFrame, /the edit was discarded/);
		assert.deepEqual(fake.calls, ['edit mysql-b', 'edit mysql-b again', 'discard']);
	} finally {
		ui.unmount();
	}
});
