import type {CheckStep} from '../core/check-step.js';
import type {PruneItem, PruneOutcome} from '../core/prune.js';
import type {WatchState} from '../watch/events.js';
import {showsAlike} from './alike.js';
import {listRows, type ListRow} from './rows.js';
import type {Overlay} from './overlay.js';
import type {ActionReport, Prompt, Snapshot, TunnelView} from './services.js';

/** What a tunnel is busy with while an action runs (a spinner shows next to it). */
export type Busy = 'starting' | 'stopping' | 'checking';

export type {Overlay} from './overlay.js';

export type UiState = {
	/** undefined until the first load answers */
	readonly snapshot: Snapshot | undefined;
	/** a row's key (a tunnel's name), so that a refresh that reorders or filters keeps the same row selected */
	readonly selected: string | undefined;
	/** a row to select once a load shows it: a tunnel just renamed or copied */
	readonly follow: string | undefined;
	/** the group of tunnels outside the profile: undefined until toggled, then as the person left it */
	readonly groupOpen: boolean | undefined;
	/** the detail pane: a few lines under the list, or all of it */
	readonly detail: 'compact' | 'full';
	/** how many list rows the screen shows now (PgUp/PgDn move by this) */
	readonly pageRows: number;
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
	| {readonly kind: 'move-to'; readonly to: 'first' | 'last'}
	| {readonly kind: 'page'; readonly by: 1 | -1}
	| {readonly kind: 'page-rows'; readonly rows: number}
	| {readonly kind: 'toggle-group'}
	| {readonly kind: 'toggle-detail'}
	| {readonly kind: 'open'; readonly overlay: Overlay}
	| {readonly kind: 'close'}
	| {readonly kind: 'filter-typed'; readonly text: string}
	| {readonly kind: 'filter-cleared'}
	/** the text of the overlay's field (add, rename) */
	| {readonly kind: 'text-typed'; readonly text: string}
	| {readonly kind: 'follow'; readonly name: string}
	| {readonly kind: 'busy'; readonly name: string; readonly busy: Busy}
	| {readonly kind: 'reported'; readonly name: string; readonly report: ActionReport}
	| {readonly kind: 'checked'; readonly name: string; readonly steps: readonly CheckStep[]}
	| {readonly kind: 'prune-planned'; readonly plan: readonly PruneItem[]}
	| {readonly kind: 'pruned'; readonly outcomes: readonly PruneOutcome[]}
	| {readonly kind: 'prompts'; readonly prompts: readonly Prompt[]}
	| {readonly kind: 'answer-typed'; readonly text: string}
	| {readonly kind: 'message'; readonly message: ActionReport | undefined}
	/** a message's time is up: it goes unless another one took its place */
	| {readonly kind: 'message-expired'; readonly message: ActionReport}
	| {readonly kind: 'watch'; readonly states: readonly WatchState[] | undefined}
	| {readonly kind: 'tick'};

export const initialState: UiState = {
	snapshot: undefined,
	selected: undefined,
	follow: undefined,
	groupOpen: undefined,
	detail: 'compact',
	pageRows: 10,
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
			if (showsAlike(state.snapshot, event.snapshot, state.watch)) return state;
			const loaded = {...state, snapshot: event.snapshot, checks: checksStillTrue(state, event.snapshot)};
			const followed = listRowsOf(loaded).some(row => row.key === state.follow);
			return keepSelection(followed ? {...loaded, selected: state.follow, follow: undefined} : loaded);
		}

		case 'move': {
			return moveBy(state, event.by);
		}

		case 'move-to': {
			return moveBy(state, event.to === 'first' ? -Infinity : Infinity);
		}

		case 'page': {
			return moveBy(state, event.by * Math.max(1, state.pageRows - 1));
		}

		case 'page-rows': {
			return state.pageRows === event.rows ? state : {...state, pageRows: event.rows};
		}

		case 'toggle-group': {
			const group = listRowsOf(state).find(row => row.kind === 'group');
			return group?.kind === 'group' ? keepSelection({...state, groupOpen: !group.open}) : state;
		}

		case 'toggle-detail': {
			return {...state, detail: state.detail === 'compact' ? 'full' : 'compact'};
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

		case 'filter-cleared': {
			return keepSelection({...state, filter: '', overlay: state.overlay.kind === 'filter' ? {kind: 'none'} : state.overlay});
		}

		case 'text-typed': {
			return state.overlay.kind === 'add' || state.overlay.kind === 'rename' ? {...state, overlay: {...state.overlay, text: event.text}} : state;
		}

		case 'follow': {
			return {...state, follow: event.name};
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

		case 'message-expired': {
			return state.message === event.message ? {...state, message: undefined} : state;
		}

		case 'watch': {
			return {...state, watch: event.states};
		}

		case 'tick': {
			return {...state, spinnerFrame: state.spinnerFrame + 1};
		}
	}
}

/** Every row of the list the filter leaves: the profile's tunnels, then the group outside it. */
export function listRowsOf(state: Pick<UiState, 'snapshot' | 'filter' | 'groupOpen'>): ListRow[] {
	return state.snapshot?.kind === 'loaded'
		? listRows({tunnels: state.snapshot.tunnels, strays: state.snapshot.strays, filter: state.filter, groupOpen: state.groupOpen})
		: [];
}

/** The tunnels that match the filter (by name, host, description or forward; `@TAG` by tag), in profile order. */
export function visibleTunnels(state: Pick<UiState, 'snapshot' | 'filter'>): readonly TunnelView[] {
	return listRowsOf({...state, groupOpen: false}).flatMap(row => (row.kind === 'tunnel' ? [row.view] : []));
}

export function selectedRow(state: UiState): ListRow | undefined {
	return listRowsOf(state).find(row => row.key === state.selected);
}

export function selectedTunnel(state: UiState): TunnelView | undefined {
	const row = selectedRow(state);
	return row?.kind === 'tunnel' ? row.view : undefined;
}

/** The watcher's state of one tunnel, when the watcher runs and keeps it. */
export function watchOf(state: Pick<UiState, 'watch'>, name: string): WatchState | undefined {
	return state.watch?.find(watched => watched.name === name);
}

/** The selection stays on its row while that one is visible, else moves to the first visible one. */
function keepSelection(state: UiState): UiState {
	const rows = listRowsOf(state);
	return rows.some(row => row.key === state.selected)
		? state
		: {...state, selected: rows[0]?.key};
}

function moveBy(state: UiState, by: number): UiState {
	const rows = listRowsOf(state);
	const index = rows.findIndex(row => row.key === state.selected);
	const next = rows[Math.min(rows.length - 1, Math.max(0, index + by))];
	return next === undefined ? state : {...state, selected: next.key};
}

/** A check's results describe the state they were taken in: a tunnel whose state changed loses them. */
function checksStillTrue(state: UiState, next: Snapshot): UiState['checks'] {
	if (state.snapshot?.kind !== 'loaded' || next.kind !== 'loaded') {
		return state.checks;
	}

	const before = new Map(state.snapshot.tunnels.map(view => [view.target.tunnel.name, view.status.kind]));
	const after = new Map(next.tunnels.map(view => [view.target.tunnel.name, view.status.kind]));
	return Object.fromEntries(Object.entries(state.checks).filter(([name]) => before.get(name) === after.get(name)));
}

function without<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
	const {[key]: _removed, ...rest} = record;
	return rest;
}
