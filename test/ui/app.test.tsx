import assert from 'node:assert/strict';
import {test} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import {render} from 'ink-testing-library';
import {App} from '../../src/ui/app.js';
import {noColours} from '../../src/ui/look.js';
import type {ActionReport, Prompt, UiServices} from '../../src/ui/services.js';
import {until} from '../support/wait.js';
import {loaded, views} from './views.js';

/** The UI's boundary, answering from data: what is tested here is the app's wiring of keys, state and calls. */
function services() {
	const calls: string[] = [];
	let finishStart: (report: ActionReport) => void = () => undefined;
	const started = new Promise<ActionReport>(resolve => {
		finishStart = resolve;
	});
	let promptListener: ((prompts: readonly Prompt[]) => void) | undefined;
	let logListener: ((lines: readonly string[]) => void) | undefined;
	const api: UiServices = {
		load: async () => loaded([views.up, views.down]),
		async start(name) {
			calls.push(`start ${name}`);
			return started;
		},
		async stop(name) {
			calls.push(`stop ${name}`);
			return {ok: true, lines: [{level: 'info', text: `${name} down`}]};
		},
		check: async () => [],
		planPrune: async () => [],
		executePrune: async () => [],
		createExample: async () => ({ok: true, lines: []}),
		importCommand: async () => ({ok: true, lines: []}),
		onPrompts(listener) {
			promptListener = listener;
			return () => undefined;
		},
		answerPrompt(id, answer) {
			calls.push(`answer ${id} ${answer === undefined ? 'cancel' : answer.length}`);
		},
		setWatching: async () => undefined,
		onWatch: () => () => undefined,
		change: async () => ({ok: true, lines: []}),
		edit: async () => ({kind: 'done', report: {ok: true, lines: []}}),
		discardEdit: async () => undefined,
		followLog(name, listener) {
			calls.push(`follow ${name}`);
			logListener = listener;
			listener([`2026-11-29T20:00:00Z ${name} started · pid 4100 · attempt 1 · keeper pid 4000`]);
			return () => {
				calls.push(`unfollow ${name}`);
			};
		},
	};
	return {api, calls, finishStart: (report: ActionReport) => finishStart(report), ask: (prompts: readonly Prompt[]) => promptListener?.(prompts), log: (lines: readonly string[]) => logListener?.(lines)};
}

/** The first frame that matches, waiting up to 2 s; the failure shows the last frame. */
async function shown(frame: () => string | undefined, pattern: RegExp): Promise<string> {
	return until(async () => (pattern.test(frame() ?? '') ? frame() : undefined), 2000, () => `no frame matched ${pattern}; last:\n${frame()}`);
}

test('enter starts the selected tunnel: a spinner while ssh runs, then the result in the CLI\'s words', async () => {
	const fake = services();
	const ui = render(<App services={fake.api} palette={noColours} refreshMs={60_000} />);
	try {
		await shown(ui.lastFrame, /● up +mysql-b/);
		ui.stdin.write('j');
		await shown(ui.lastFrame, /› ○ down +pg-a/);
		ui.stdin.write('\r');
		await shown(ui.lastFrame, /starting +pg-a/);
		assert.deepEqual(fake.calls, ['start pg-a']);
		ui.stdin.write('\r');
		await delay(50);
		assert.deepEqual(fake.calls, ['start pg-a'], 'a busy tunnel takes no second start');
		fake.finishStart({ok: false, lines: [{level: 'error', text: 'pg-a: the server refused the login'}]});
		await shown(ui.lastFrame, /^pg-a: the server refused the login$/m);
	} finally {
		ui.unmount();
	}
});

test('a question from ssh takes the screen; the typed secret is sent, never drawn', async () => {
	const fake = services();
	const ui = render(<App services={fake.api} palette={noColours} refreshMs={60_000} />);
	try {
		await shown(ui.lastFrame, /mysql-b/);
		fake.ask([{id: 4, tunnel: 'pg-a', text: 'Enter passphrase for key \'/k\':', kind: 'secret'}]);
		await shown(ui.lastFrame, /ssh asks, starting pg-a: Enter passphrase/);
		ui.stdin.write('s3cret');
		await shown(ui.lastFrame, /> ••••••█/);
		assert.ok(ui.frames.every(frame => !frame.includes('s3cret')), 'no frame ever showed the secret');
		ui.stdin.write('\r');
		await delay(50);
		assert.deepEqual(fake.calls, ['answer 4 6']);
	} finally {
		ui.unmount();
	}
});

test('esc on a host-key question reads as the person\'s cancel, not as a failure of the key', async () => {
	const fake = services();
	const ui = render(<App services={fake.api} palette={noColours} refreshMs={60_000} />);
	try {
		await shown(ui.lastFrame, /mysql-b/);
		ui.stdin.write('j');
		await shown(ui.lastFrame, /› ○ down +pg-a/);
		ui.stdin.write('\r');
		await shown(ui.lastFrame, /starting +pg-a/);
		fake.ask([{id: 9, tunnel: 'pg-a', text: 'Are you sure you want to continue connecting (yes/no/[fingerprint])? ', kind: 'confirm'}]);
		await shown(ui.lastFrame, /ssh asks, starting pg-a/);
		ui.stdin.write('\u001B');
		await until(async () => (fake.calls.includes('answer 9 cancel') ? true : undefined), 2000, () => fake.calls.join(', '));
		fake.ask([]);
		fake.finishStart({ok: false, lines: [{level: 'error', text: 'pg-a: the server\'s host key is not known'}, {level: 'detail', text: 'confirm the key by connecting once with ssh'}]});
		const frame = await shown(ui.lastFrame, /pg-a: start cancelled \(ssh's question was not answered\); nothing runs/);
		assert.doesNotMatch(frame, /confirm the key/);
	} finally {
		ui.unmount();
	}
});

test('keys that arrive in one read all count: jj moves two rows, and / with text filters at once', async () => {
	const fake = services();
	const ui = render(<App services={{...fake.api, load: async () => loaded([views.up, views.down, views.stale])}} palette={noColours} refreshMs={60_000} />);
	try {
		await shown(ui.lastFrame, /● up +mysql-b/);
		ui.stdin.write('jj');
		await shown(ui.lastFrame, /› \S+ stale\S* +gone/);
		ui.stdin.write('/pg');
		await shown(ui.lastFrame, /› ○ down +pg-a/);
		assert.doesNotMatch(ui.lastFrame() ?? '', /mysql-b/, 'the filter applies to the rows');
	} finally {
		ui.unmount();
	}
});

test('l opens the selected tunnel\'s log and follows it; any key closes it and stops following', async () => {
	const fake = services();
	const ui = render(<App services={fake.api} palette={noColours} refreshMs={60_000} />);
	try {
		await shown(ui.lastFrame, /● up +mysql-b/);
		ui.stdin.write('l');
		await shown(ui.lastFrame, /log of mysql-b[\s\S]*mysql-b started · pid 4100/);
		fake.log(['2026-11-29T20:00:00Z mysql-b started · pid 4100 · attempt 1 · keeper pid 4000', '  Timeout, server 127.0.0.1 not responding.']);
		await shown(ui.lastFrame, /started · pid 4100[\s\S]*Timeout, server 127\.0\.0\.1 not responding\./);
		ui.stdin.write('x');
		await shown(ui.lastFrame, /● up +mysql-b/);
		// The pane's effect is cleaned up after the frame that no longer shows it.
		await until(async () => (fake.calls.includes('unfollow mysql-b') ? true : undefined), 2000, () => `still following: ${fake.calls.join(', ')}`);
		assert.deepEqual(fake.calls, ['follow mysql-b', 'unfollow mysql-b'], 'x closed the pane: it did not start a check');
	} finally {
		ui.unmount();
	}
});
