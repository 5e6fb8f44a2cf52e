// What a watcher is to those who start one: the tunnels it keeps, its options, its handle.
import type {TunnelTarget} from '../tunnel/target.js';
import type {WatchEffectsOptions} from './effects.js';
import type {WatchPolicy, WatchState} from './events.js';
import type {WatchClock, WatchTuning} from './settings.js';

/** A tunnel to keep up, and how. */
export type WatchTarget = {readonly target: TunnelTarget; readonly policy: WatchPolicy};

export type Watcher = {
	/**
	 * Ends the watcher: no new round or start; a start under way finishes (bounded by the start
	 * timeout), so that no ssh is left half started; with `down`, its tunnels are taken down; its
	 * watch locks are released. Safe to call more than once.
	 */
	stop(options?: {readonly down?: boolean}): Promise<void>;
	/** where each tunnel stands now */
	snapshot(): readonly WatchState[];
	/** settles once the watcher has ended: after stop(), or rejected with the error that ended it */
	readonly done: Promise<void>;
};

export type WatcherOptions = WatchEffectsOptions & {
	readonly clock?: WatchClock;
	readonly tuning?: Partial<WatchTuning>;
};
