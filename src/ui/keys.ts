import type {PruneItem} from '../core/prune.js';
import {selectedTunnel, type UiEvent, type UiState} from './model.js';

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
		case 'command': {
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
