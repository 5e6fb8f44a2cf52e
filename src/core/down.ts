import {socketListensHere} from '../profile/forward.js';
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
	| {readonly kind: 'not-running'; readonly socketRemoved: boolean};

/** Stopping a tunnel's masters: the process list, then a verified kill of each. */
export type StopDeps = KillDeps & Needs<'listSshProcesses'>;

/** A person's stop, recorded before anything is stopped. */
export type RecordStopDeps = Needs<'now', 'ensureDirectory' | 'writeStopped'>;

export type DownDeps = StopDeps & RecordStopDeps & Needs<'checkMaster' | 'canConnectSocket', 'removeSocket' | 'clearFailure'>;

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
	if (options.stoppedBy !== undefined) {
		await recordStop(deps, target.tunnel.name, options.stoppedBy);
	}

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
	return stopped.length === 0 ? {kind: 'not-running', socketRemoved} : {kind: 'stopped', stopped, socketRemoved};
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
