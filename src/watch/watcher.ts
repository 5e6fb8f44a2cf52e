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
	/** follows an edit of the profile file: resolves once the tunnels gone are let go and the changed ones are being restarted */
	update(decision: ReloadDecision): Promise<void>;
	/** where each tunnel stands now */
	snapshot(): readonly WatchState[];
	/** settles once the watcher has ended: after stop(), or rejected with the error that ended it */
	readonly done: Promise<void>;
};

export type WatcherOptions = WatchEffectsOptions & {
	readonly clock?: WatchClock;
	readonly tuning?: Partial<WatchTuning>;
};

/** The file as the command layer read it: the tunnels to keep and every tunnel's name, or why it was refused. */
export type ProfileReading =
	| {readonly kind: 'valid'; readonly kept: readonly WatchTarget[]; readonly names: ReadonlySet<string>}
	/** a broken edit: the last good set stays as it runs */
	| {readonly kind: 'invalid'; readonly file: string; readonly message: string; readonly detail: string | undefined};

export type Reload = {
	readonly added: readonly WatchTarget[];
	/** gone from the profile: stopped if this watcher started it */
	readonly removed: readonly string[];
	/** still in the profile, no longer asking to be kept (`restart: never`): left as it runs */
	readonly released: readonly string[];
	/** its ssh command line differs: restarted with the new one */
	readonly changed: readonly WatchTarget[];
	/** the same command line, and another policy or other settings of the watch (its probe): taken as they are */
	readonly updated: readonly WatchTarget[];
};

export type ReloadDecision =
	| {readonly kind: 'broken'; readonly file: string; readonly message: string; readonly detail: string | undefined}
	| {readonly kind: 'unchanged'}
	| ({readonly kind: 'reload'} & Reload);
