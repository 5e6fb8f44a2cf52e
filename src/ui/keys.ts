import {close, event, type Intent, type KeyPress} from './intent.js';
import {listIntent} from './list-keys.js';
import {reduce, type UiState} from './model.js';

export type {Intent, KeyPress} from './intent.js';

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
	return prompt === undefined ? ['filter', 'add', 'rename'].includes(state.overlay.kind) : prompt.kind !== 'confirm';
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
		case 'pruned':
		case 'log': {
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
					: edited(overlay.text, input, key, text => event({kind: 'text-typed', text}));
		}

		case 'rename': {
			return key.return ? {kind: 'change', name: overlay.name, request: {kind: 'rename', to: overlay.text}}
				: key.escape ? close
					: edited(overlay.text, input, key, text => event({kind: 'text-typed', text}));
		}

		case 'remove': {
			return input === 'y' ? {kind: 'change', name: overlay.name, request: {kind: 'rm'}}
				: key.escape || input === 'n' || input === 'q' ? close : undefined;
		}

		case 'edit-invalid': {
			return input === 'e' || input === 'y' ? {kind: 'edit', name: overlay.name, again: true}
				: key.escape || input === 'n' || input === 'q' ? {kind: 'discard-edit'} : undefined;
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
