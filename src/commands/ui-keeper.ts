import type {Deps} from '../core/deps.js';
import {problemLines} from '../present/problem.js';
import {nothingToKeep} from '../present/watch.js';
import {startWatcher} from '../watch/start.js';
import type {Watcher, WatchTarget} from '../watch/watcher.js';
import type {ActionReport} from '../ui/services.js';
import type {WatchState} from '../watch/events.js';
import {loadProfile, targetsOf, type GlobalOptions, type Io} from './context.js';

/** `tunnels watch` inside the UI: the profile's `restart:` tunnels kept up while the UI is open. */
export type UiKeeper = {
	/** starts or stops the watcher; says why when there is nothing to keep (a broken profile throws its user error) */
	readonly setWatching: (on: boolean) => Promise<ActionReport | undefined>;
	readonly onWatch: (listener: (states: readonly WatchState[] | undefined) => void) => () => void;
	/** stops the watcher and leaves its tunnels running, as quitting the UI always does */
	readonly close: () => Promise<void>;
};

export function uiKeeper(io: Io, globals: GlobalOptions, deps: Deps): UiKeeper {
	let watcher: Watcher | undefined;
	// One watcher at a time: a start waits for a stop under way (its start in flight finishes first).
	let stopping: Promise<void> = Promise.resolve();
	const listeners = new Set<(states: readonly WatchState[] | undefined) => void>();
	const publish = () => {
		const states = watcher?.snapshot();
		for (const listener of listeners) listener(states);
	};

	const start = async (): Promise<ActionReport | undefined> => {
		await stopping;
		if (watcher !== undefined) return undefined;
		const loaded = await loadProfile(io, globals);
		const targets = targetsOf(loaded);
		const watched = targets.flatMap((target): WatchTarget[] => (target.tunnel.restart === 'never' ? [] : [{target, policy: target.tunnel.restart}]));
		if (watched.length === 0) {
			return {ok: false, lines: problemLines(nothingToKeep)};
		}

		const started = startWatcher(deps, watched, {targets, keeper: 'ui'}, publish);
		watcher = started;
		// A watcher that ends by itself (an error) shows as off.
		started.done.catch(() => undefined).finally(() => {
			if (watcher === started) {
				watcher = undefined;
				publish();
			}
		});
		publish();
		return undefined;
	};

	const stop = async (): Promise<undefined> => {
		const current = watcher;
		watcher = undefined;
		publish();
		if (current !== undefined) {
			stopping = current.stop();
			await stopping;
		}

		return undefined;
	};

	return {
		setWatching: async on => (on ? start() : stop()),
		onWatch(listener) {
			listeners.add(listener);
			listener(watcher?.snapshot());
			return () => listeners.delete(listener);
		},
		close: stop,
	};
}
