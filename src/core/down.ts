import {socketListensHere} from '../profile/forward.js';
import type {Lock} from '../store/lock.js';
import type {StopRecord} from '../tunnel/status.js';
import {timeouts} from './timeouts.js';
import type {Needs} from './deps.js';
import type {TunnelTarget} from '../tunnel/target.js';
import {killTunnelProcess, type KillDeps, type KillOutcome} from './kill.js';
import {mastersOf, sshProcesses} from './observe.js';
import {acquireSharedLock, closeForwards} from './shared-master.js';
import {isShared} from '../tunnel/share.js';

export type StopOutcome = {
	readonly pid: number;
	readonly outcome: KillOutcome;
};

export type DownResult =
	/** a shared tunnel: its forwards were closed on the master (pid); `ended`: the master too, as it carried no other tunnel */
	| {readonly kind: 'released'; readonly pid: number; readonly ended: readonly StopOutcome[]}
	| {readonly kind: 'stopped'; readonly stopped: readonly StopOutcome[]; readonly socketRemoved: boolean}
	/** `startStopped`: the PID of a `tunnels up` that was starting it; told to stop, it leaves nothing running */
	| {readonly kind: 'not-running'; readonly socketRemoved: boolean; readonly startStopped?: number};

/** Stopping a tunnel's masters: the process list, then a verified kill of each. */
export type StopDeps = KillDeps & Needs<'listSshProcesses'>;

/** A person's stop, recorded before anything is stopped. */
export type RecordStopDeps = Needs<'now', 'ensureDirectory' | 'writeStopped'>;

/** Closing a shared tunnel's forwards on its live master, and ending the master when it carries nothing. */
export type ReleaseDeps = StopDeps & Needs<'checkMaster' | 'listListeners' | 'requestForwards' | 'canConnectSocket' | 'monotonic' | 'sleep', 'removeSocket' | 'clearFailure' | 'clearCarrier' | 'tryLock'>;

export type DownDeps = ReleaseDeps & RecordStopDeps;

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
	if (isShared(target.tunnel)) {
		const released = await releaseShared(deps, target);
		if (released !== undefined) {
			return released;
		}
	}

	const stopped = await stopProcesses(deps, target);
	const socketRemoved = (await deps.checkMaster(target.controlPath, timeouts.masterCheckMs)).kind === 'refused'
		&& await deps.runtime.removeSocket(target.controlPath);
	if (stopped.length > 0 && stopped.every(({outcome}) => outcome.kind === 'stopped')) {
		await removeDeadSocketFiles(deps, target);
	}

	await deps.runtime.clearFailure(target.tunnel.name);
	return stopped.length === 0
		? {kind: 'not-running', socketRemoved, ...(startStopped === undefined ? {} : {startStopped})}
		: {kind: 'stopped', stopped, socketRemoved};
}

/**
 * A shared tunnel on a live master: closes its forwards there, and ends the master when it then
 * carries nothing. Undefined when no master answers: then the tunnel is stopped like any other (a
 * dead master's socket, or a master without one, is every sharing tunnel's and nothing can manage it).
 */
export async function releaseShared(deps: ReleaseDeps, target: TunnelTarget): Promise<DownResult | undefined> {
	const lock = await acquireSharedLock(deps, target);
	try {
		const master = await deps.checkMaster(target.controlPath, timeouts.masterCheckMs);
		if (master.kind !== 'alive') {
			return undefined;
		}

		const closed = await deps.requestForwards(target.controlPath, timeouts.forwardRequestMs, async ask => closeForwards(ask, target));
		await deps.runtime.clearCarrier(target.tunnel.name);
		if (closed === 0) {
			// The master carries other tunnels, not this one: nothing of it was running.
			await deps.runtime.clearFailure(target.tunnel.name);
			return {kind: 'not-running', socketRemoved: false};
		}

		const ended = await endIfCarriesNothing(deps, target);
		await removeDeadSocketFiles(deps, target);
		await deps.runtime.clearFailure(target.tunnel.name);
		return {kind: 'released', pid: master.pid, ended};
	} finally {
		if (lock.kind === 'acquired') {
			await lock.release();
		}
	}
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

/** The socket files the tunnel listened on that nothing answers on any more: ssh never removes them. */
async function removeDeadSocketFiles(deps: Needs<'canConnectSocket', 'removeSocket'>, target: TunnelTarget): Promise<void> {
	await Promise.all(socketListensHere(target.tunnel).map(async path => {
		if ((await deps.canConnectSocket(path, timeouts.masterCheckMs)).kind === 'refused') {
			await deps.runtime.removeSocket(path);
		}
	}));
}

/**
 * Ends a shared master that holds no listener any more: it carries no tunnel (validation gives every
 * shared tunnel one listener here at least). Called with the master's lock held.
 */
export async function endIfCarriesNothing(deps: StopDeps & Needs<'checkMaster' | 'listListeners'>, target: TunnelTarget): Promise<StopOutcome[]> {
	const master = await deps.checkMaster(target.controlPath, timeouts.masterCheckMs);
	if (master.kind !== 'alive') {
		return [];
	}

	// Its own control socket is a listener too, not a forward: ssh binds it under a temporary name
	// (ControlPath plus a random suffix) and links it into place, and the kernel keeps the first name.
	const isControlSocket = (socketPath: string) => socketPath === target.controlPath || socketPath.startsWith(`${target.controlPath}.`);
	const holds = (await deps.listListeners({ownersAmong: [master.pid]})).some(listener => listener.pids.includes(master.pid) && !(listener.kind === 'unix' && isControlSocket(listener.path)));
	return holds ? [] : stopProcesses(deps, target);
}
