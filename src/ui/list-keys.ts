// The keys of the list screen (and of the first-run and broken-profile screens, which have no list).
import {freeCopyName} from '../profile/edit-request.js';
import type {TunnelStatus} from '../tunnel/status.js';
import {event, type Intent, type KeyPress} from './intent.js';
import {listRowsOf, selectedRow, type UiEvent, type UiState} from './model.js';
import type {TunnelView} from './services.js';

export function listIntent(state: UiState, input: string, key: KeyPress): Intent | undefined {
	const common = commonIntent(state, input, key);
	if (common !== undefined || state.snapshot?.kind !== 'loaded') {
		return common ?? (input === 'e' && state.snapshot?.kind === 'no-profile' ? {kind: 'create-example'}
			: input === 'e' && state.snapshot?.kind === 'invalid-profile' ? {kind: 'edit', name: undefined, again: false} : unknownKey(input, key));
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

	if (row?.kind === 'stray' && editKeys.has(input)) {
		return note(`${input}: this ssh runs outside the profile: only the profile's tunnels are edited here (tunnels kill ${row.stray.process.pid} stops it)`);
	}

	if (row?.kind !== 'tunnel') {
		return rowKeys.has(input) || key.return ? undefined : unknownKey(input, key);
	}

	const {view} = row;
	const {name} = view.target.tunnel;
	if (state.busy[name] !== undefined && (key.return || input === ' ' || input === 'x')) {
		return undefined;
	}

	if (editKeys.has(input)) {
		return state.busy[name] === undefined ? editIntent(state, view, input) : undefined;
	}

	if (key.return || input === ' ') {
		return startsIt(view.status.kind) ? {kind: 'start', name} : {kind: 'stop', name};
	}

	return input === 'c' ? {kind: 'copy', what: 'minimal', text: view.minimal}
		: input === 'C' ? {kind: 'copy', what: 'exact', text: view.command}
			: input === 'x' ? {kind: 'check', name}
				: input === 'l' ? event({kind: 'open', overlay: {kind: 'log', name}})
					: unknownKey(input, key);
}

/** Anything running, healthy or not, is stopped; only a tunnel with nothing running is started. */
function startsIt(kind: TunnelStatus['kind']): boolean {
	return kind === 'down' || kind === 'failed';
}

/** The keys that change the profile's entry of the selected tunnel. */
const editKeys = new Set(['d', 'R', 'D', 'e']);

/** Keys reserved for a selected tunnel: on the group's rows they do nothing rather than hint. */
const rowKeys = new Set([' ', 'c', 'C', 'x', 'l', ...editKeys]);

/** d remove (after a confirm), R rename (a prompt), D copy under a free name, e the editor: only on the profile's own tunnels. */
function editIntent(state: UiState, view: TunnelView, input: string): Intent {
	const {name} = view.target.tunnel;
	if (view.source !== '') {
		return note(`${input}: ${name} comes from ${view.source}, which tunnels only reads: change it there`);
	}

	const names = state.snapshot?.kind === 'loaded' ? state.snapshot.tunnels.map(each => each.target.tunnel.name) : [];
	return input === 'd' ? event({kind: 'open', overlay: {kind: 'remove', name, running: !startsIt(view.status.kind)}})
		: input === 'R' ? event({kind: 'open', overlay: {kind: 'rename', name, text: name}})
			: input === 'D' ? {kind: 'change', name, request: {kind: 'copy', to: freeCopyName(name, names)}}
				: {kind: 'edit', name, again: false};
}

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

