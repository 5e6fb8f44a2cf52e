import {setTimeout as delay} from 'node:timers/promises';
import {defaultBackoff, type BackoffSettings, type ClockReading} from './backoff.js';

/** The watcher's pace; every field has a default (defaultTuning). */
export type WatchTuning = {
	/**
	 * Time between two looks at every tunnel in full (processes, sockets, listeners, a person's
	 * stops): what only a look sees (a lost listener, a second master) is seen this late. Between
	 * looks, at the probe's pace (probePace), the server of each tunnel up is probed, a person's
	 * stop read again, the socket of an idle tunnel checked; a master's exit is heard at once. The
	 * list of processes a look reads is what costs: 100-150 ms of CPU on a small machine.
	 */
	readonly lookEveryMs: number;
	readonly backoff: BackoffSettings;
	/** a tunnel lost sooner than this after it came up counts as one more failure in a row */
	readonly stableMs: number;
	/** wall time running this far ahead of monotonic time means the machine slept */
	readonly wakeThresholdMs: number;
	/** after a wake, how long to wait for the network before retrying anyway */
	readonly networkWaitMs: number;
	/** starts at once, so that many tunnels to one server do not hit its MaxStartups together */
	readonly startConcurrency: number;
};

export const defaultTuning: WatchTuning = {lookEveryMs: 60_000, backoff: defaultBackoff, stableMs: 10_000, wakeThresholdMs: 5000, networkWaitMs: 15_000, startConcurrency: 4};

/** Time and chance, injected so that tests run the loop without waiting. */
export type WatchClock = {
	readonly read: () => ClockReading;
	/** resolves after `ms`, or at once when `signal` aborts */
	readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
	/** in [0, 1), for the backoff's jitter */
	readonly random: () => number;
};

export const systemClock: WatchClock = {
	read: () => ({wallMs: Date.now(), monotonicMs: performance.now()}),
	sleep: async (ms, signal) => delay(ms, undefined, {signal}).catch(() => undefined),
	random: Math.random,
};
