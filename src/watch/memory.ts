// What a watcher remembers of each tunnel between rounds, when it is next due, and how that reads
// for a view. Pure; times are monotonic milliseconds (they stand still while the machine sleeps).
import type {KeeperKind} from '../store/lock.js';
import {isShared} from '../tunnel/share.js';
import type {StopRecord} from '../tunnel/status.js';
import type {TunnelTarget} from '../tunnel/target.js';
import type {ClockReading} from './backoff.js';
import type {WatchFailure, WatchPolicy, WatchState} from './events.js';

/** Where a watched tunnel stands. */
export type Phase =
	| {readonly kind: 'pending'}
	/** `probeAtMs`: when its server is asked next whether it is alive */
	| {readonly kind: 'up'; readonly pid: number; readonly sinceMs: number; readonly probeAtMs: number}
	/** `after`: the loss that began this run of attempts, if any */
	| {readonly kind: 'starting'; readonly attempt: number; readonly after: WatchFailure | undefined}
	| {readonly kind: 'reconnecting'; readonly attempt: number; readonly retryAtMs: number; readonly after: WatchFailure | undefined}
	/** `checkAtMs`: when its socket is seen to again: has someone started it? */
	| {readonly kind: 'idle'; readonly checkAtMs: number}
	/** `checkAtMs`: when it is seen to again, at the probe's pace: is the person's stop still there? */
	| {readonly kind: 'stopped'; readonly stop: StopRecord; readonly checkAtMs: number}
	/** a failure retrying will not heal (refused key, changed host key): no more starts until a person acts (an `up`, an edit of the tunnel) */
	| {readonly kind: 'needs-you'; readonly failure: WatchFailure; readonly checkAtMs: number}
	/** `checkAtMs`: when its watch lock is tried again */
	| {readonly kind: 'elsewhere'; readonly pid: number; readonly keeper?: KeeperKind; readonly checkAtMs: number};

export type TunnelWatch = {
	readonly name: string;
	readonly policy: WatchPolicy;
	/** time between two probes of its server while it is up */
	readonly probeEveryMs: number;
	readonly phase: Phase;
	/** failed starts and early losses in a row: the exponent of the backoff */
	readonly failures: number;
	readonly restarts: number;
	readonly lastFailure: WatchFailure | undefined;
};

export function newWatch(name: string, policy: WatchPolicy, probeEveryMs: number): TunnelWatch {
	return {name, policy, probeEveryMs, phase: {kind: 'pending'}, failures: 0, restarts: 0, lastFailure: undefined};
}

/**
 * A tunnel (held by this watcher) that the next round must observe in full, processes, socket and
 * listeners: never seen yet, just taken over from another watcher, or its retry is due.
 */
export function needsLook(watch: TunnelWatch, nowMs: number): boolean {
	const {phase} = watch;
	return phase.kind === 'pending' || phase.kind === 'elsewhere' || (phase.kind === 'reconnecting' && phase.retryAtMs <= nowMs);
}

/** When the watcher must next see to this tunnel of its own accord: its next probe, retry or check. */
export function dueAtMs(phase: Phase): number | undefined {
	switch (phase.kind) {
		case 'up': {
			return phase.probeAtMs;
		}

		case 'reconnecting': {
			return phase.retryAtMs;
		}

		case 'stopped':
		case 'elsewhere':
		case 'idle':
		case 'needs-you': {
			return phase.checkAtMs;
		}

		case 'pending':
		case 'starting': {
			return undefined;
		}
	}
}

/** After the machine slept: failures before it say nothing about the network now; retry at once. */
export function forgetFailures(watch: TunnelWatch, now: ClockReading): TunnelWatch {
	const {phase} = watch;
	return {...watch, failures: 0, phase: phase.kind === 'reconnecting' ? {...phase, attempt: 1, retryAtMs: now.monotonicMs} : phase};
}

/** The view of a tunnel's watch, monotonic times turned into dates. */
export function stateOf(watch: TunnelWatch, now: ClockReading): WatchState {
	const common = {name: watch.name, policy: watch.policy, restarts: watch.restarts, lastFailure: watch.lastFailure};
	const date = (monotonicMs: number) => new Date(now.wallMs + (monotonicMs - now.monotonicMs));
	const {phase} = watch;
	switch (phase.kind) {
		case 'up': {
			return {...common, kind: 'up', pid: phase.pid, since: date(phase.sinceMs)};
		}

		case 'starting': {
			return {...common, kind: 'starting', attempt: phase.attempt};
		}

		case 'reconnecting': {
			return {...common, kind: 'reconnecting', attempt: phase.attempt, nextAt: date(phase.retryAtMs)};
		}

		case 'stopped': {
			return {...common, kind: 'stopped', stop: phase.stop};
		}

		case 'elsewhere': {
			return {...common, kind: 'elsewhere', pid: phase.pid, ...(phase.keeper === undefined ? {} : {keeper: phase.keeper})};
		}

		case 'needs-you': {
			return {...common, kind: 'needs-you', failure: phase.failure};
		}

		case 'pending':
		case 'idle': {
			return {...common, kind: phase.kind};
		}
	}
}

/** Whether a tunnel not held yet should try its watch lock now: at first, then at the probe's pace while another keeper holds it. */
export function wantsLock(phase: Phase, nowMs: number): boolean {
	return phase.kind === 'pending' || (phase.kind === 'elsewhere' && phase.checkAtMs <= nowMs);
}

/** A probe or check due now; a reconnecting tunnel is due too, but needs a full look, not a glance. */
export function dueForGlance(phase: Phase, nowMs: number): boolean {
	return phase.kind !== 'reconnecting' && (dueAtMs(phase) ?? Number.POSITIVE_INFINITY) <= nowMs;
}

/** How long the loop may sleep: until the next full look, or sooner when a probe or a retry falls due; never past a due action. */
export function pauseMs(watches: readonly TunnelWatch[], nextLookAtMs: number, nowMs: number): number {
	const due = watches.flatMap(watch => dueAtMs(watch.phase) ?? []).map(at => at - nowMs);
	return Math.max(50, Math.min(nextLookAtMs - nowMs, ...due));
}

/**
 * A shared tunnel that lost a forward on its live master is started without a stop first: `up`
 * opens the forward again through the mux (no new connection, no new authentication), where a stop
 * would close its other forwards and end a master that carries nothing else.
 */
export function repairsInPlace(target: TunnelTarget, watch: TunnelWatch): boolean {
	const after = watch.phase.kind === 'starting' ? watch.phase.after : undefined;
	return isShared(target.tunnel) && after?.kind === 'stale' && after.reason === 'no-listener';
}
