// The watcher's sense of time, pure: how long to wait before a retry, and whether the machine slept.

export type BackoffSettings = {
	/** the wait after the first failure */
	readonly baseMs: number;
	/** no wait is longer than this (before jitter) */
	readonly capMs: number;
	/** each wait is spread by ± this fraction, so that tunnels that failed together do not retry together */
	readonly jitter: number;
};

/** 1 s, 2 s, 4 s … up to 30 s, each ± 20 %. */
export const defaultBackoff: BackoffSettings = {baseMs: 1000, capMs: 30_000, jitter: 0.2};

/**
 * Capped exponential backoff with jitter: the wait after `failures` failures in a row (from 1).
 * `random` is in [0, 1), as Math.random; 0.5 gives the wait without jitter.
 */
export function backoffMs(failures: number, settings: BackoffSettings, random: () => number): number {
	const ceiling = Math.min(settings.capMs, settings.baseMs * (2 ** Math.max(0, failures - 1)));
	return Math.round(ceiling * (1 - settings.jitter + (2 * settings.jitter * random())));
}

/** Both clocks read at one moment. */
export type ClockReading = {
	readonly wallMs: number;
	/** performance.now(): CLOCK_MONOTONIC on Linux and mach_absolute_time on macOS, both stand still while the machine sleeps */
	readonly monotonicMs: number;
};

/**
 * How long the machine slept between two readings: the wall clock ran on while the monotonic clock
 * stood still. Undefined below `thresholdMs`, which also absorbs small wall-clock corrections (NTP);
 * a large step of the wall clock reads as a sleep, and costs no more than a short wait for the network.
 */
export function sleptMs(before: ClockReading, after: ClockReading, thresholdMs: number): number | undefined {
	const gap = (after.wallMs - before.wallMs) - (after.monotonicMs - before.monotonicMs);
	return gap > thresholdMs ? gap : undefined;
}
