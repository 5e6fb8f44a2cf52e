import type {CheckStep} from '../core/check-step.js';
import {forwardsOf} from '../profile/forward.js';
import {formatForward, formatListen} from '../profile/forward-text.js';
import type {PruneItem, PruneOutcome} from '../core/prune.js';
import type {WatchState} from '../watch/events.js';
import type {ActionReport, Prompt, Snapshot, TunnelView} from './services.js';

/** What a tunnel is busy with while an action runs (a spinner shows next to it). */
export type Busy = 'starting' | 'stopping' | 'checking';

/** The screen over the list: at most one at a time; prompts from ssh come before all of them. */
export type Overlay =
	| {readonly kind: 'none'}
	| {readonly kind: 'help'}
	| {readonly kind: 'filter'}
	| {readonly kind: 'command'}
	/** the tunnel's log, following */
	| {readonly kind: 'log'; readonly name: string}
	| {readonly kind: 'add'; readonly text: string}
	| {readonly kind: 'prune'; readonly plan: 'loading' | readonly PruneItem[]}
	| {readonly kind: 'pruned'; readonly outcomes: readonly PruneOutcome[]};

export type UiState = {
	/** undefined until the first load answers */
	readonly snapshot: Snapshot | undefined;
	/** by name, so that a refresh that reorders or filters keeps the same tunnel selected */
	readonly selected: string | undefined;
	readonly filter: string;
	readonly overlay: Overlay;
	readonly busy: Readonly<Record<string, Busy>>;
	/** the last thing an action said about a tunnel, shown next to it until the next action */
	readonly reports: Readonly<Record<string, ActionReport>>;
	readonly checks: Readonly<Record<string, readonly CheckStep[]>>;
	readonly prompts: readonly Prompt[];
	/** what the person types into the prompt at the head of the queue; never leaves memory */
	readonly answer: string;
	/** a one-line message for the whole screen (clipboard, add, errors that belong to no tunnel) */
	readonly message: ActionReport | undefined;
	readonly spinnerFrame: number;
	/** what the UI's watcher says of each tunnel it keeps; undefined while it is off */
	readonly watch: readonly WatchState[] | undefined;
};

export type UiEvent =
	| {readonly kind: 'loaded'; readonly snapshot: Snapshot}
	| {readonly kind: 'move'; readonly by: number}
	| {readonly kind: 'open'; readonly overlay: Overlay}
	| {readonly kind: 'close'}
	| {readonly kind: 'filter-typed'; readonly text: string}
	| {readonly kind: 'add-typed'; readonly text: string}
	| {readonly kind: 'busy'; readonly name: string; readonly busy: Busy}
	| {readonly kind: 'reported'; readonly name: string; readonly report: ActionReport}
	| {readonly kind: 'checked'; readonly name: string; readonly steps: readonly CheckStep[]}
	| {readonly kind: 'prune-planned'; readonly plan: readonly PruneItem[]}
	| {readonly kind: 'pruned'; readonly outcomes: readonly PruneOutcome[]}
	| {readonly kind: 'prompts'; readonly prompts: readonly Prompt[]}
	| {readonly kind: 'answer-typed'; readonly text: string}
	| {readonly kind: 'message'; readonly message: ActionReport | undefined}
	| {readonly kind: 'watch'; readonly states: readonly WatchState[] | undefined}
	| {readonly kind: 'tick'};

export const initialState: UiState = {
	snapshot: undefined,
	selected: undefined,
	filter: '',
	overlay: {kind: 'none'},
	busy: {},
	reports: {},
	checks: {},
	prompts: [],
	answer: '',
	message: undefined,
	spinnerFrame: 0,
	watch: undefined,
};

/** Pure: every change of the UI's state goes through here. */
export function reduce(state: UiState, event: UiEvent): UiState {
	switch (event.kind) {
		case 'loaded': {
			return keepSelection({...state, snapshot: event.snapshot});
		}

		case 'move': {
			const rows = visibleTunnels(state);
			const index = rows.findIndex(row => row.target.tunnel.name === state.selected);
			const next = rows[Math.min(rows.length - 1, Math.max(0, index + event.by))];
			return next === undefined ? state : {...state, selected: next.target.tunnel.name};
		}

		case 'open': {
			return {...state, overlay: event.overlay, message: undefined};
		}

		case 'close': {
			return {...state, overlay: {kind: 'none'}};
		}

		case 'filter-typed': {
			return keepSelection({...state, filter: event.text});
		}

		case 'add-typed': {
			return state.overlay.kind === 'add' ? {...state, overlay: {kind: 'add', text: event.text}} : state;
		}

		case 'busy': {
			return {...state, busy: {...state.busy, [event.name]: event.busy}, reports: without(state.reports, event.name)};
		}

		case 'reported': {
			return {...state, busy: without(state.busy, event.name), reports: {...state.reports, [event.name]: event.report}};
		}

		case 'checked': {
			return {...state, busy: without(state.busy, event.name), checks: {...state.checks, [event.name]: event.steps}};
		}

		case 'prune-planned': {
			return state.overlay.kind === 'prune' ? {...state, overlay: {kind: 'prune', plan: event.plan}} : state;
		}

		case 'pruned': {
			return {...state, overlay: {kind: 'pruned', outcomes: event.outcomes}};
		}

		case 'prompts': {
			// A new question at the head starts with an empty answer.
			const sameHead = state.prompts[0]?.id === event.prompts[0]?.id;
			return {...state, prompts: event.prompts, answer: sameHead ? state.answer : ''};
		}

		case 'answer-typed': {
			return {...state, answer: event.text};
		}

		case 'message': {
			return {...state, message: event.message};
		}

		case 'watch': {
			return {...state, watch: event.states};
		}

		case 'tick': {
			return {...state, spinnerFrame: state.spinnerFrame + 1};
		}
	}
}

/** The tunnels that match the filter (by name, host, description or forward; `@TAG` by tag), in profile order. */
export function visibleTunnels(state: Pick<UiState, 'snapshot' | 'filter'>): readonly TunnelView[] {
	if (state.snapshot?.kind !== 'loaded') {
		return [];
	}

	const needle = state.filter.trim().toLowerCase();
	return needle === ''
		? state.snapshot.tunnels
		: state.snapshot.tunnels.filter(view => matchesFilter(view, needle));
}

/** `@db` matches the tag exactly, as on the command line; other words anywhere in the text; every word must match. */
function matchesFilter(view: TunnelView, needle: string): boolean {
	if (!needle.startsWith('@')) {
		return searchText(view).includes(needle);
	}

	const tags = view.target.tunnel.tags.map(tag => tag.toLowerCase());
	return needle.split(/\s+/).every(word => (word.startsWith('@') ? tags.includes(word.slice(1)) : searchText(view).includes(word)));
}

export function selectedTunnel(state: UiState): TunnelView | undefined {
	return visibleTunnels(state).find(view => view.target.tunnel.name === state.selected);
}

/** The watcher's state of one tunnel, when the watcher runs and keeps it. */
export function watchOf(state: Pick<UiState, 'watch'>, name: string): WatchState | undefined {
	return state.watch?.find(watched => watched.name === name);
}

function searchText({target: {tunnel}}: TunnelView): string {
	return [tunnel.name, tunnel.host, tunnel.user, tunnel.description, ...forwardsOf(tunnel).map(entry => (entry.kind === 'dynamic' ? formatListen(entry.forward.listen) : formatForward(entry.forward)))]
		.filter(part => part !== undefined)
		.join(' ')
		.toLowerCase();
}

/** The selection stays on its tunnel while that one is visible, else moves to the first visible one. */
function keepSelection(state: UiState): UiState {
	const rows = visibleTunnels(state);
	return rows.some(row => row.target.tunnel.name === state.selected)
		? state
		: {...state, selected: rows[0]?.target.tunnel.name};
}

function without<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
	const {[key]: _removed, ...rest} = record;
	return rest;
}
