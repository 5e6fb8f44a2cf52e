import {mapBounded} from '../bounded.js';
import type {KeeperKind, Lock} from '../store/lock.js';
import type {Phase} from './memory.js';
import type {StartOutcome} from './policy.js';
import {probePace, sightingOf, sightingOfProbe, type Sighting} from './sighting.js';
import {timeouts} from '../core/timeouts.js';
import type {Needs} from '../core/deps.js';
import type {SshFailure} from '../ssh/failure.js';
import type {TunnelTarget} from '../tunnel/target.js';
import {downTunnel, type DownDeps} from '../core/down.js';
import {waitForNetwork, type NetworkDeps} from '../core/network.js';
import {observeTunnels, takeSnapshot, type Snapshot} from '../core/observe.js';
import {upTunnel, type UpDeps, type UpResult} from '../core/up.js';

/** A watcher starts and stops tunnels, probes their servers, hears their masters exit, holds watch locks. */
export type WatchDeps = UpDeps & DownDeps & NetworkDeps & Needs<'probeServer' | 'onMasterExit', 'readStopped' | 'tryWatchLock' | 'writeFailure' | 'readFailure' | 'clearFailure' | 'appendLog' | 'boundLog'>;

/** Everything a watcher does to the world: built from Deps here, faked in the loop's tests. */
export type WatchEffects = {
	/** a sighting of each tunnel in full: one observation of all (processes, sockets, listeners, a person's stops), then a probe of each one up */
	readonly look: (targets: readonly TunnelTarget[]) => Promise<Sighting[]>;
	/**
	 * A quick sight of tunnels without the list of processes (the costly part of a look), by the
	 * phase the watcher knows them in: the server of one up is probed, the person's stop of one
	 * stopped is read again, the socket of one idle is checked. Undefined for one it says nothing
	 * about, or that has changed: that one needs a look.
	 */
	readonly glance: (tunnels: ReadonlyArray<{readonly target: TunnelTarget; readonly phase: Phase}>) => Promise<Array<Sighting | undefined>>;
	readonly tryLock: (name: string) => Promise<Lock>;
	/** stops what is left of a tunnel, as the tool's own stop (no person's stop is recorded): the PIDs stopped, and those that would not */
	readonly stop: (target: TunnelTarget) => Promise<{readonly stopped: readonly number[]; readonly failed: readonly number[]}>;
	/** records that this watcher stopped retrying after `failure`, for `ls` and the UI to say: it needs a person */
	readonly giveUp: (target: TunnelTarget, failure: SshFailure) => Promise<void>;
	/** the tunnel was edited: a keeper's give-up on its old command line no longer holds */
	readonly forgetGiveUp: (target: TunnelTarget) => Promise<void>;
	/** starts it with upTunnel, the one way tunnels are started */
	readonly start: (target: TunnelTarget) => Promise<StartOutcome>;
	/** calls `onExit` once when the tunnel's master exits; returns how to stop listening */
	readonly onMasterExit: (target: TunnelTarget, onExit: () => void) => () => void;
	/** after a wake: true once the network answers, false when `timeoutMs` passed first */
	readonly waitForNetwork: (targets: readonly TunnelTarget[], timeoutMs: number, signal: AbortSignal) => Promise<boolean>;
};

export type WatchEffectsOptions = {
	/** every tunnel of the profile, to name the one that holds a taken port */
	readonly targets: readonly TunnelTarget[];
	/** what this watcher is, recorded in its watch locks for `ls` and the UI to say (default: a `tunnels watch`) */
	readonly keeper?: KeeperKind;
};

/**
 * How long a look's process list serves the start that follows it in the same round: the restore
 * after a loss races autossh (bench/watch.ts), and reading every process again cost tens of ms.
 * `up` trusts it only where it shows nothing of the tunnel, as it does `up --all`'s.
 */
const lookServesStartMs = 1000;

export function watchEffects(deps: WatchDeps, options: WatchEffectsOptions): WatchEffects {
	let lastLook: {readonly snapshot: Snapshot; readonly atMs: number} | undefined;
	const freshSnapshot = () => (lastLook !== undefined && deps.monotonic() - lastLook.atMs <= lookServesStartMs ? lastLook.snapshot : undefined);
	return {
		async look(targets) {
			const snapshot = await takeSnapshot(deps);
			lastLook = {snapshot, atMs: deps.monotonic()};
			const [observation, stops] = await Promise.all([
				observeTunnels(deps, targets, {snapshot}),
				Promise.all(targets.map(async target => deps.runtime.readStopped(target.tunnel.name))),
			]);
			const seen = observation.tunnels.map((observed, index) => ({...observed, stop: stops[index]}));
			return mapBounded(seen, timeouts.probeConcurrency, async ({target, status, stop}) => {
				const {timeoutMs} = probePace(target.tunnel, timeouts.probeMs);
				const probe = status.kind === 'up' && stop === undefined ? await deps.probeServer(target.controlPath, timeoutMs) : undefined;
				return sightingOf(status, probe, stop, timeoutMs);
			});
		},
		glance: async tunnels => mapBounded(tunnels, timeouts.probeConcurrency, async ({target, phase}): Promise<Sighting | undefined> => {
			switch (phase.kind) {
				case 'up': {
					const {timeoutMs} = probePace(target.tunnel, timeouts.probeMs);
					return sightingOfProbe(phase.pid, await deps.probeServer(target.controlPath, timeoutMs), timeoutMs);
				}

				case 'stopped': {
					const stop = await deps.runtime.readStopped(target.tunnel.name);
					return stop === undefined ? undefined : {kind: 'stopped', stop};
				}

				case 'idle':
				case 'needs-you': {
					// Nothing answers on its socket: still down. Anything else: someone started it.
					const master = await deps.checkMaster(target.controlPath, timeouts.masterCheckMs);
					return master.kind === 'missing' || master.kind === 'refused' ? {kind: 'down'} : undefined;
				}

				case 'pending':
				case 'starting':
				case 'reconnecting':
				case 'elsewhere': {
					return undefined;
				}
			}
		}),
		async giveUp(target, failure) {
			await deps.runtime.writeFailure(target.tunnel.name, {at: new Date().toISOString(), failure, gaveUp: {pid: process.pid}});
		},
		async forgetGiveUp(target) {
			const record = await deps.runtime.readFailure(target.tunnel.name);
			if (record?.gaveUp !== undefined) {
				await deps.runtime.clearFailure(target.tunnel.name);
			}
		},
		async tryLock(name) {
			await deps.runtime.ensureDirectory();
			return deps.runtime.tryWatchLock(name, options.keeper ?? 'watch');
		},
		async stop(target) {
			const result = await downTunnel(deps, target, {stoppedBy: undefined});
			const outcomes = result.kind === 'stopped' ? result.stopped : result.kind === 'released' ? result.ended : [];
			return {
				stopped: outcomes.filter(({outcome}) => outcome.kind === 'stopped').map(({pid}) => pid),
				failed: outcomes.filter(({outcome}) => outcome.kind !== 'stopped').map(({pid}) => pid),
			};
		},
		async start(target) {
			const result = await upTunnel(deps, target, {prompt: {kind: 'none'}, targets: options.targets, clearsStop: false, snapshot: freshSnapshot()});
			if (result.kind === 'stopped') {
				return {kind: 'stopped', stop: result.stop};
			}

			// A person's `down` may have come between the round's look and this start: theirs wins.
			const stop = await deps.runtime.readStopped(target.tunnel.name);
			if (stop === undefined) {
				return startOutcome(result);
			}

			if (result.kind === 'started') {
				await downTunnel(deps, target, {stoppedBy: undefined});
			}

			return {kind: 'stopped', stop};
		},
		onMasterExit: (target, onExit) => deps.onMasterExit(target.controlPath, onExit),
		waitForNetwork: async (targets, timeoutMs, signal) => waitForNetwork(deps, targets, timeoutMs, signal),
	};
}

function startOutcome(result: Exclude<UpResult, {kind: 'stopped'}>): StartOutcome {
	switch (result.kind) {
		case 'started':
		case 'already-up': {
			return {kind: 'up', pid: result.pid, alreadyUp: result.kind === 'already-up'};
		}

		case 'port-taken': {
			return {kind: 'failed', failure: {kind: 'port-taken', taken: result.taken.map(taken => {
				const {listen} = taken.forward.forward;
				return listen.kind === 'tcp' ? {port: listen.port, address: taken.address, holder: taken.holder} : {path: listen.path, holder: taken.holder};
			})}};
		}

		case 'socket-file': {
			return {kind: 'failed', failure: {kind: 'socket-file', refusals: result.refusals}};
		}

		case 'failed': {
			return {kind: 'failed', failure: {kind: 'ssh-failed', failure: result.failure}};
		}

		case 'stale': {
			return {kind: 'failed', failure: {kind: 'stale', reason: result.status.reason}};
		}

		case 'unverified': {
			return {kind: 'failed', failure: {kind: 'unverified', found: result.status.kind === 'stale' ? {kind: 'stale', reason: result.status.reason} : {kind: result.status.kind}}};
		}

		case 'busy': {
			return {kind: 'failed', failure: {kind: 'busy', pid: result.pid}};
		}
	}
}

/**
 * Holds on the masters of the tunnels seen up, so that an exit is heard at once (the moment autossh
 * hears its ssh end) rather than at the next probe or look. `follow` after each change of a
 * tunnel's phase: a hold is taken while it is up and let go when it is not, or is another master.
 */
export function masterExits(effects: Pick<WatchEffects, 'onMasterExit'>, onExit: () => void) {
	const held = new Map<string, {readonly pid: number; readonly release: () => void}>();
	return {
		follow(target: TunnelTarget, phase: Phase) {
			const {name} = target.tunnel;
			const hold = held.get(name);
			if (hold !== undefined && (phase.kind !== 'up' || phase.pid !== hold.pid)) {
				hold.release();
				held.delete(name);
			}

			if (phase.kind === 'up' && !held.has(name)) {
				held.set(name, {pid: phase.pid, release: effects.onMasterExit(target, onExit)});
			}
		},
		forget(name: string) {
			held.get(name)?.release();
			held.delete(name);
		},
		releaseAll() {
			for (const hold of held.values()) {
				hold.release();
			}

			held.clear();
		},
	};
}
