import {socketListensHere} from '../profile/forward.js';
import type {Lock} from '../store/lock.js';
import type {StopRecord} from '../tunnel/status.js';
import {timeouts} from './timeouts.js';
import type {Needs} from './deps.js';
import type {TunnelTarget} from '../tunnel/target.js';
import {killTunnelProcess, type KillDeps, type KillOutcome} from './kill.js';
import {mastersOf, sshProcesses} from './observe.js';

export type StopOutcome = {
	readonly pid: number;
	readonly outcome: KillOutcome;
};

export type DownResult =
	| {readonly kind: 'stopped'; readonly stopped: readonly StopOutcome[]; readonly socketRemoved: boolean}
	/** `startStopped`: the PID of a `tunnels up` that was starting it; told to stop, it leaves nothing running */
	| {readonly kind: 'not-running'; readonly socketRemoved: boolean; readonly startStopped?: number};

/** Stopping a tunnel's masters: the process list, then a verified kill of each. */
export type StopDeps = KillDeps & Needs<'listSshProcesses'>;

/** A person's stop, recorded before anything is stopped. */
export type RecordStopDeps = Needs<'now', 'ensureDirectory' | 'writeStopped'>;

export type DownDeps = StopDeps & RecordStopDeps & Needs<'checkMaster' | 'canConnectSocket' | 'monotonic' | 'sleep', 'removeSocket' | 'clearFailure' | 'tryLock'>;

export type DownOptions = {
	/**
	 * A person's stop (`tunnels down`, `tunnels kill NAME`), recorded before anything is stopped so
	 * that no watcher restarts the tunnel in between; `tunnels up` clears it. Undefined for the tool's
	 * own stops (a watcher restarting a tunnel, or leaving with --down-on-exit).
	 */
	readonly stoppedBy: StopRecord['by'] | undefined;
};

/**
 * Stops a tunnel: each of its masters through its socket or by verified signals, then a dead
 * control socket file, and the socket files it listened on, which ssh never removes itself (a
 * socket file is removed only when nothing answers on it).
 */
export async function downTunnel(deps: DownDeps, target: TunnelTarget, options: DownOptions): Promise<DownResult> {
	if (options.stoppedBy === undefined) {
		// The start lock lives in the runtime directory: a stop before any start must find it there.
		await deps.runtime.ensureDirectory();
	} else {
		await recordStop(deps, target.tunnel.name, options.stoppedBy);
	}

	// A start under way would bring the tunnel up after this stop looked (issue 13, item 7): wait for
	// it, holding its lock while stopping so that no start begins meanwhile. A start that outlasts the
	// wait (a person at a prompt) sees the stop recorded above and undoes itself.
	const {lock, starter} = await waitForStart(deps, target.tunnel.name);
	try {
		return await stopLocked(deps, target, starter !== undefined && options.stoppedBy !== undefined ? starter : undefined);
	} finally {
		if (lock.kind === 'acquired') {
			await lock.release();
		}
	}
}

async function waitForStart(deps: Needs<'monotonic' | 'sleep', 'tryLock'>, name: string): Promise<{readonly lock: Lock; readonly starter: number | undefined}> {
	let lock = await deps.runtime.tryLock(name);
	const starter = lock.kind === 'held' ? lock.pid : undefined;
	const deadline = deps.monotonic() + timeouts.startMs + 5000;
	while (lock.kind === 'held' && deps.monotonic() < deadline) {
		await deps.sleep(100);
		lock = await deps.runtime.tryLock(name);
	}

	return {lock, starter};
}

async function stopLocked(deps: DownDeps, target: TunnelTarget, startStopped: number | undefined): Promise<DownResult> {
	const stopped = await stopProcesses(deps, target);
	const socketRemoved = (await deps.checkMaster(target.controlPath, timeouts.masterCheckMs)).kind === 'refused'
		&& await deps.runtime.removeSocket(target.controlPath);
	if (stopped.length > 0 && stopped.every(({outcome}) => outcome.kind === 'stopped')) {
		await Promise.all(socketListensHere(target.tunnel).map(async path => {
			if ((await deps.canConnectSocket(path, timeouts.masterCheckMs)).kind === 'refused') {
				await deps.runtime.removeSocket(path);
			}
		}));
	}

	await deps.runtime.clearFailure(target.tunnel.name);
	return stopped.length === 0
		? {kind: 'not-running', socketRemoved, ...(startStopped === undefined ? {} : {startStopped})}
		: {kind: 'stopped', stopped, socketRemoved};
}

/** Records a person's stop of a tunnel, so that no watcher restarts it until `tunnels up`. */
export async function recordStop(deps: RecordStopDeps, name: string, by: StopRecord['by']): Promise<void> {
	await deps.runtime.ensureDirectory();
	await deps.runtime.writeStopped(name, {at: deps.now().toISOString(), by});
}

export async function stopProcesses(deps: StopDeps, target: TunnelTarget): Promise<StopOutcome[]> {
	const masters = mastersOf(sshProcesses(await deps.listSshProcesses(), deps.uid), target.controlPath);
	return Promise.all(masters.map(async ({process}) => ({
		pid: process.pid,
		outcome: await killTunnelProcess(deps, process, target.ssh),
	})));
}
