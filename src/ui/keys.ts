import type {PruneItem} from '../core/prune.js';
import type {TunnelStatus} from '../tunnel/status.js';
import {listRowsOf, reduce, selectedRow, type UiEvent, type UiState} from './model.js';

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
	readonly pageUp: boolean;
	readonly pageDown: boolean;
	readonly home: boolean;
	readonly end: boolean;
};

/** What a key asks for: a pure state change, or an operation that the controller carries out. */
export type Intent =
	| {readonly kind: 'event'; readonly event: UiEvent}
	| {readonly kind: 'start'; readonly name: string}
	| {readonly kind: 'stop'; readonly name: string}
	| {readonly kind: 'check'; readonly name: string}
	| {readonly kind: 'start-many'; readonly names: readonly string[]}
	| {readonly kind: 'stop-many'; readonly names: readonly string[]}
	| {readonly kind: 'copy'; readonly what: 'minimal' | 'exact'; readonly text: string}
	| {readonly kind: 'plan-prune'}
	| {readonly kind: 'execute-prune'; readonly items: readonly PruneItem[]}
	| {readonly kind: 'create-example'}
	| {readonly kind: 'import'; readonly line: string}
	| {readonly kind: 'answer'; readonly id: number; readonly answer: string | undefined}
	| {readonly kind: 'set-watching'; readonly on: boolean}
	| {readonly kind: 'refresh'}
	| {readonly kind: 'suspend'}
	| {readonly kind: 'quit'};

const event = (value: UiEvent): Intent => ({kind: 'event', event: value});
const close = event({kind: 'close'});

const noKey: KeyPress = {upArrow: false, downArrow: false, return: false, escape: false, backspace: false, delete: false, ctrl: false, meta: false, tab: false, pageUp: false, pageDown: false, home: false, end: false};

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

	if (key.ctrl && input === 'z') {
		return {kind: 'suspend'};
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
		case 'pruned': {
			return close;
		}

		case 'bulk': {
			return input === 'y' ? {kind: overlay.action === 'start' ? 'start-many' : 'stop-many', names: overlay.names}
				: key.escape || input === 'n' || input === 'q' ? close : undefined;
		}

		case 'filter': {
			return key.return ? close
				: key.escape ? event({kind: 'filter-cleared'})
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
		return common ?? (state.snapshot?.kind === 'no-profile' && input === 'e' ? {kind: 'create-example'} : unknownKey(input, key));
	}

	const moved = movement(input, key);
	if (moved !== undefined) {
		return event(moved);
	}

	switch (input) {
		case '/': {
			return event({kind: 'open', overlay: {kind: 'filter'}});
		}

		case 'p': {
			return {kind: 'plan-prune'};
		}

		case 'w': {
			return {kind: 'set-watching', on: state.watch === undefined};
		}

		case 'v': {
			return event({kind: 'toggle-detail'});
		}

		case '+':
		case '-': {
			return bulk(state, input === '+' ? 'start' : 'stop');
		}

		default: {
			break;
		}
	}

	if (key.escape && state.filter !== '') {
		return event({kind: 'filter-cleared'});
	}

	const row = selectedRow(state);
	if (row?.kind === 'group' && (key.return || input === ' ')) {
		return event({kind: 'toggle-group'});
	}

	if (row?.kind !== 'tunnel') {
		return rowKeys.has(input) || key.return ? undefined : unknownKey(input, key);
	}

	const {view} = row;
	const {name} = view.target.tunnel;
	if (state.busy[name] !== undefined && (key.return || input === ' ' || input === 'x')) {
		return undefined;
	}

	if (key.return || input === ' ') {
		return startsIt(view.status.kind) ? {kind: 'start', name} : {kind: 'stop', name};
	}

	return input === 'c' ? {kind: 'copy', what: 'minimal', text: view.minimal}
		: input === 'C' ? {kind: 'copy', what: 'exact', text: view.command}
			: input === 'x' ? {kind: 'check', name}
				: unknownKey(input, key);
}

/** Anything running, healthy or not, is stopped; only a tunnel with nothing running is started. */
function startsIt(kind: TunnelStatus['kind']): boolean {
	return kind === 'down' || kind === 'failed';
}

/** Keys reserved for a selected tunnel: on the group's rows they do nothing rather than hint. */
const rowKeys = new Set([' ', 'c', 'C', 'x']);

function movement(input: string, key: KeyPress): UiEvent | undefined {
	return key.upArrow || input === 'k' ? {kind: 'move', by: -1}
		: key.downArrow || input === 'j' ? {kind: 'move', by: 1}
			: key.home || input === 'g' ? {kind: 'move-to', to: 'first'}
				: key.end || input === 'G' ? {kind: 'move-to', to: 'last'}
					: key.pageUp ? {kind: 'page', by: -1}
						: key.pageDown ? {kind: 'page', by: 1} : undefined;
}

/** Start (or stop) every tunnel the filter shows that is not already so: a confirm lists them first. */
function bulk(state: UiState, action: 'start' | 'stop'): Intent {
	const names = listRowsOf(state).flatMap(row => (row.kind === 'tunnel' && state.busy[row.key] === undefined && startsIt(row.view.status.kind) === (action === 'start') ? [row.key] : []));
	return names.length === 0
		? note(`nothing to ${action}${state.filter === '' ? '' : ' among the filtered tunnels'}`)
		: event({kind: 'open', overlay: {kind: 'bulk', action, names}});
}

/** A key that means nothing here gets a short hint instead of silence. */
function unknownKey(input: string, key: KeyPress): Intent | undefined {
	if (input === '' || key.ctrl || key.meta || /[\u0000-\u001F\u007F]/.test(input)) {
		return undefined;
	}

	return note(`${input}: not a key here · ? lists the keys`);
}

function note(text: string): Intent {
	return event({kind: 'message', message: {ok: true, lines: [{level: 'info', text}]}});
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
