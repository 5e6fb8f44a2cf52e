// Carrying out a reload of the profile file (watch/reload.ts decides it) inside a running watcher:
// its maps are shared with the loop (watch/loop.ts), which leaves a tunnel alone while it is `leaving`.
import type {TunnelTarget} from '../tunnel/target.js';
import type {WatchEffects} from './effects.js';
import type {WatchEvent} from './events.js';
import type {TunnelWatch} from './memory.js';
import type {ReloadDecision, WatchTarget} from './watcher.js';

/** The watcher's state and acts a reload needs. */
export type ReloadShared = {
	readonly watches: Map<string, TunnelWatch>;
	readonly targets: Map<string, TunnelTarget>;
	readonly locks: Map<string, () => Promise<void>>;
	/** the master this watcher started, per tunnel */
	readonly startedHere: Map<string, number>;
	readonly leaving: Set<string>;
	readonly inFlight: ReadonlyMap<string, Promise<void>>;
	readonly watchOf: (kept: WatchTarget) => TunnelWatch;
	readonly emit: (events: readonly WatchEvent[]) => void;
	readonly lookSoon: () => void;
	readonly now: () => Date;
	readonly quitting: () => boolean;
	readonly stop: WatchEffects['stop'];
	readonly forgetExit: (name: string) => void;
	readonly forgetGiveUp: WatchEffects['forgetGiveUp'];
	/** stops the tunnel and starts it again, beside the rounds */
	readonly restart: (target: TunnelTarget) => void;
};

const named = ({target}: WatchTarget) => target.tunnel.name;

export async function applyReload(shared: ReloadShared, decision: ReloadDecision): Promise<void> {
	const {watches, targets, locks, leaving, inFlight, watchOf, emit} = shared;
	if (shared.quitting() || decision.kind === 'unchanged') {
		return;
	}

	if (decision.kind === 'broken') {
		emit([{kind: 'profile-refused', at: shared.now(), file: decision.file, message: decision.message, detail: decision.detail}]);
		return;
	}

	emit([{kind: 'reloaded', at: shared.now(), added: decision.added.map(named), removed: decision.removed, released: decision.released, changed: decision.changed.map(named)}]);
	const outgoing = [...decision.removed, ...decision.released, ...decision.changed.map(named)];
	outgoing.forEach(name => leaving.add(name));
	// A start or stop under way ends first: its outcome is fed back into the watch it began with.
	await Promise.all(outgoing.map(async name => inFlight.get(name)));
	await Promise.all([...decision.removed, ...decision.released].map(async name => letGo(shared, name, decision.removed.includes(name))));
	for (const kept of [...decision.added, ...decision.updated]) {
		const old = watches.get(named(kept));
		targets.set(named(kept), kept.target);
		watches.set(named(kept), old === undefined ? watchOf(kept) : {...old, policy: kept.policy, probeEveryMs: watchOf(kept).probeEveryMs});
	}

	emit(decision.added.map(({target, policy}) => ({kind: 'watching', at: shared.now(), name: target.tunnel.name, policy})));
	for (const kept of decision.changed) {
		const name = named(kept);
		const old = watches.get(name)!;
		const running = old.phase.kind === 'up' && locks.has(name);
		if (!running) {
			await shared.forgetGiveUp(kept.target); // before the rounds see it again
		}

		targets.set(name, kept.target);
		leaving.delete(name);
		// Running with its old command line: stopped and started with the new one. Not running: the next look sees to it.
		watches.set(name, running
			? {...watchOf(kept), restarts: old.restarts, phase: {kind: 'starting', attempt: 1, after: undefined}}
			: {...watchOf(kept), phase: old.phase.kind === 'elsewhere' ? old.phase : {kind: 'pending'}});
		if (running) {
			shared.restart(kept.target);
		}
	}

	shared.lookSoon();
}

/** Stops watching a tunnel: its master is stopped only when it left the profile and this watcher started it. */
async function letGo(shared: ReloadShared, name: string, removed: boolean): Promise<void> {
	const watch = shared.watches.get(name)!;
	const target = shared.targets.get(name)!;
	const ours = removed && shared.locks.has(name) && watch.phase.kind === 'up' && shared.startedHere.get(name) === watch.phase.pid;
	shared.forgetExit(name);
	const {stopped} = ours ? await shared.stop(target) : {stopped: []};
	await shared.locks.get(name)?.();
	for (const map of [shared.locks, shared.watches, shared.targets, shared.startedHere]) {
		map.delete(name);
	}

	shared.leaving.delete(name);
	shared.emit([{kind: 'unwatched', at: shared.now(), name, why: removed ? 'removed' : 'not-kept', stopped}]);
}
