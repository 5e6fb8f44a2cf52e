import type {PruneItem} from '../core/prune.js';
import {reduce, selectedTunnel, type UiEvent, type UiState} from './model.js';

/** The part of Ink's `Key` the keymap reads. */
export type KeyPress = {
	readonly upArrow: boolean;
	readonly downArrow: boolean;
	readonly return: boolean;
	readonly escape: boolean;
	readonly backspace: boolean;
	readonly delete: boolean;
	readonly ctrl: boolean;
	readonly meta: boolean;
	readonly tab: boolean;
};

/** What a key asks for: a pure state change, or an operation that the controller carries out. */
export type Intent =
	| {readonly kind: 'event'; readonly event: UiEvent}
	| {readonly kind: 'start'; readonly name: string}
	| {readonly kind: 'stop'; readonly name: string}
	| {readonly kind: 'check'; readonly name: string}
	| {readonly kind: 'show-command'; readonly command: string}
	| {readonly kind: 'plan-prune'}
	| {readonly kind: 'execute-prune'; readonly items: readonly PruneItem[]}
	| {readonly kind: 'create-example'}
	| {readonly kind: 'import'; readonly line: string}
	| {readonly kind: 'answer'; readonly id: number; readonly answer: string | undefined}
	| {readonly kind: 'set-watching'; readonly on: boolean}
	| {readonly kind: 'refresh'}
	| {readonly kind: 'quit'};

const event = (value: UiEvent): Intent => ({kind: 'event', event: value});
const close = event({kind: 'close'});

const noKey: KeyPress = {upArrow: false, downArrow: false, return: false, escape: false, backspace: false, delete: false, ctrl: false, meta: false, tab: false};

/**
 * Everything one read of the terminal asks for. Keys typed fast, a held key or a slow link arrive
 * together (`jjj` in one read): each is a key of its own, read against the state the keys before
 * it leave (the reducer is pure). Where text is typed (the filter, the add field, a prompt's
 * answer) the rest of the read is text and lands whole, as a paste should. A read with escape
 * sequences (arrows) or modifiers is Ink's one key, as before.
 */
export function keyIntents(state: UiState, input: string, key: KeyPress): Intent[] {
	const keys = [...input];
	const plain = keys.length > 1 && !Object.values(key).some(Boolean) && !/[\u0000-\u0007\u0009-\u000C\u000E-\u001F\u001B]/.test(input);
	if (!plain) {
		const intent = keyIntent(state, input, key);
		return intent === undefined ? [] : [intent];
	}

	const intents: Intent[] = [];
	let current = state;
	let index = 0;
	while (index < keys.length) {
		const one = keys[index]!;
		// Text runs to the next return or backspace; elsewhere a character is a key.
		const run = typesText(current) && one !== '\r' && one !== '\u007F' ? textRun(keys, index) : one;
		index += [...run].length;
		const intent = run === '\r' ? keyIntent(current, '', {...noKey, return: true})
			: run === '\u007F' ? keyIntent(current, '', {...noKey, backspace: true})
				: keyIntent(current, run, noKey);
		if (intent !== undefined) {
			intents.push(intent);
			current = intent.kind === 'event' ? reduce(current, intent.event) : current;
		}
	}

	return intents;
}

function textRun(keys: readonly string[], from: number): string {
	const end = keys.findIndex((one, index) => index >= from && (one === '\r' || one === '\u007F'));
	return keys.slice(from, end === -1 ? undefined : end).join('');
}

function typesText(state: UiState): boolean {
	const prompt = state.prompts[0];
	return prompt === undefined ? state.overlay.kind === 'filter' || state.overlay.kind === 'add' : prompt.kind !== 'confirm';
}

/** The keymap, pure: the same state and key always ask for the same thing. */
export function keyIntent(state: UiState, input: string, key: KeyPress): Intent | undefined {
	if (key.ctrl && input === 'c') {
		return {kind: 'quit'};
	}

	const prompt = state.prompts[0];
	if (prompt !== undefined) {
		if (prompt.kind === 'confirm') {
			return input === 'y' ? {kind: 'answer', id: prompt.id, answer: 'yes'}
				: input === 'n' ? {kind: 'answer', id: prompt.id, answer: 'no'}
					: key.escape ? {kind: 'answer', id: prompt.id, answer: undefined} : undefined;
		}

		return key.return ? {kind: 'answer', id: prompt.id, answer: state.answer}
			: key.escape ? {kind: 'answer', id: prompt.id, answer: undefined}
				: edited(state.answer, input, key, text => event({kind: 'answer-typed', text}));
	}

	const {overlay} = state;
	switch (overlay.kind) {
		case 'help':
		case 'pruned':
		case 'command':
		case 'log': {
			return close;
		}

		case 'filter': {
			return key.return ? close
				: key.escape ? event({kind: 'filter-typed', text: ''})
					: edited(state.filter, input, key, text => event({kind: 'filter-typed', text}));
		}

		case 'add': {
			return key.return ? {kind: 'import', line: overlay.text}
				: key.escape ? close
					: edited(overlay.text, input, key, text => event({kind: 'add-typed', text}));
		}

		case 'prune': {
			if (key.escape || input === 'n' || input === 'q') {
				return close;
			}

			const actionable = overlay.plan === 'loading' ? [] : overlay.plan.filter(item => item.action !== 'skip');
			return input === 'y' && actionable.length > 0 ? {kind: 'execute-prune', items: actionable} : undefined;
		}

		case 'none': {
			return listIntent(state, input, key);
		}
	}
}

function listIntent(state: UiState, input: string, key: KeyPress): Intent | undefined {
	const common = commonIntent(state, input, key);
	if (common !== undefined || state.snapshot?.kind !== 'loaded') {
		return common ?? (state.snapshot?.kind === 'no-profile' && input === 'e' ? {kind: 'create-example'} : undefined);
	}

	if (key.upArrow || input === 'k') {
		return event({kind: 'move', by: -1});
	}

	if (key.downArrow || input === 'j') {
		return event({kind: 'move', by: 1});
	}

	if (input === '/') {
		return event({kind: 'open', overlay: {kind: 'filter'}});
	}

	if (input === 'p') {
		return {kind: 'plan-prune'};
	}

	if (input === 'w') {
		return {kind: 'set-watching', on: state.watch === undefined};
	}

	if (key.escape && state.filter !== '') {
		return event({kind: 'filter-typed', text: ''});
	}

	const selected = selectedTunnel(state);
	if (selected === undefined || state.busy[selected.target.tunnel.name] !== undefined) {
		return undefined;
	}

	const {name} = selected.target.tunnel;
	if (key.return || input === ' ') {
		// Anything running, healthy or not, is stopped; only a tunnel with nothing running is started.
		return selected.status.kind === 'down' || selected.status.kind === 'failed' ? {kind: 'start', name} : {kind: 'stop', name};
	}

	return input === 'c' ? {kind: 'show-command', command: selected.command}
		: input === 'x' ? {kind: 'check', name}
			: input === 'l' ? event({kind: 'open', overlay: {kind: 'log', name}})
				: undefined;
}

/** Keys that work on every screen without an overlay, the first-run screen included. */
function commonIntent(state: UiState, input: string, key: KeyPress): Intent | undefined {
	if (input === 'q') {
		return {kind: 'quit'};
	}

	if (input === '?') {
		return event({kind: 'open', overlay: {kind: 'help'}});
	}

	if (input === 'r') {
		return {kind: 'refresh'};
	}

	if (input === 'a' && state.snapshot?.kind !== 'invalid-profile') {
		return event({kind: 'open', overlay: {kind: 'add', text: ''}});
	}

	return key.escape && state.message !== undefined ? event({kind: 'message', message: undefined}) : undefined;
}

/** A one-line text field: printable input is appended (a paste arrives whole), backspace removes. */
function edited(text: string, input: string, key: KeyPress, change: (text: string) => Intent): Intent | undefined {
	if (key.backspace || key.delete) {
		return text === '' ? undefined : change(text.slice(0, -1));
	}

	if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow) {
		return undefined;
	}

	// Control characters (a pasted newline, escape sequences' remains) are not text.
	const printable = input.replaceAll(/[\u0000-\u001F\u007F]/g, '');
	return printable === '' ? undefined : change(text + printable);
}
