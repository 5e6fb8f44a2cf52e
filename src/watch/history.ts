// A keeper's events go into each tunnel's log beside ssh's own lines (logs/record.ts), so that one
// history says what ssh said and what the keeper did about it.
import type {Needs} from '../core/deps.js';
import {formatRecord} from '../logs/record.js';
import type {WatchEvent} from './events.js';

export type EventHistory = {
	readonly record: (event: WatchEvent) => void;
	/** settles once every record so far is written */
	readonly flushed: () => Promise<void>;
};

/**
 * Writes each event of a tunnel (the watcher's own, `woke` and `network`, belong to none) in the
 * order they come: one write at a time. A write that fails is dropped: a full disk must not stop a
 * keeper from keeping tunnels up, and the process table stays the truth of what runs.
 */
export function eventHistory(deps: Needs<never, 'appendLog'>, keeperPid: number): EventHistory {
	let written: Promise<void> = Promise.resolve();
	return {
		record(event) {
			if (!('name' in event)) {
				return;
			}

			const line = formatRecord({kind: 'watch', pid: keeperPid, event});
			written = written.then(async () => deps.runtime.appendLog(event.name, line)).catch(() => undefined);
		},
		flushed: async () => written,
	};
}

/**
 * Bounds each kept tunnel's log now and then. A master writes to its log with no start or event of
 * ours: a line for each server probe the keeper itself makes (mux/server-probe.ts; measured: one
 * `mux_confirm_remote_forward: remote port forwarding failed …` line each, every keep-alive interval).
 * Returns how to stop.
 */
export function boundLogsEvery(deps: Needs<never, 'boundLog'>, names: readonly string[], everyMs: number): () => void {
	const timer = setInterval(() => {
		for (const name of names) {
			void deps.runtime.boundLog(name).catch(() => undefined);
		}
	}, everyMs);
	timer.unref();
	return () => {
		clearInterval(timer);
	};
}
