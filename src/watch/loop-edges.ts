// The loop's two edges that touch every tunnel at once: coming back from the machine's sleep, and
// taking the kept tunnels down when the watcher ends (--down-on-exit).
import type {ClockReading} from './backoff.js';
import type {WatchEffects} from './effects.js';
import type {WatchEvent} from './events.js';
import {forgetFailures, type TunnelWatch} from './memory.js';
import type {WatchClock} from './settings.js';
import type {TunnelTarget} from '../tunnel/target.js';

export type EdgeContext = {
	readonly effects: Pick<WatchEffects, 'waitForNetwork' | 'stop'>;
	readonly clock: WatchClock;
	readonly emit: (events: readonly WatchEvent[]) => void;
};

/** After the machine slept: says so, forgets the failures from before it, and waits (bounded) until the network of the tunnels held answers. */
export async function comeBackFromSleep(edge: EdgeContext, watches: Map<string, TunnelWatch>, held: readonly TunnelTarget[], slept: number, now: ClockReading, networkWaitMs: number, signal: AbortSignal): Promise<void> {
	edge.emit([{kind: 'woke', at: new Date(now.wallMs), sleptMs: slept}]);
	for (const [name, watch] of watches) {
		watches.set(name, forgetFailures(watch, now));
	}

	const ready = await edge.effects.waitForNetwork(held, networkWaitMs, signal);
	const after = edge.clock.read();
	edge.emit([{kind: 'network', at: new Date(after.wallMs), ready, waitedMs: after.monotonicMs - now.monotonicMs}]);
}

/** --down-on-exit: stops each of `kept`, and says what came of it. */
export async function takeDown(edge: EdgeContext, kept: readonly TunnelTarget[]): Promise<void> {
	await Promise.all(kept.map(async target => {
		const {stopped, failed} = await edge.effects.stop(target);
		edge.emit([{kind: 'taken-down', at: new Date(edge.clock.read().wallMs), name: target.tunnel.name, stopped, failed}]);
	}));
}
