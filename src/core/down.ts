import {timeouts, type Deps, type TunnelTarget} from './deps.js';
import {killTunnelProcess, type KillOutcome} from './kill.js';
import {mastersOf, sshProcesses} from './observe.js';

export type StopOutcome = {
	readonly pid: number;
	readonly outcome: KillOutcome;
};

export type DownResult =
	| {readonly kind: 'stopped'; readonly stopped: readonly StopOutcome[]; readonly socketRemoved: boolean}
	| {readonly kind: 'not-running'; readonly socketRemoved: boolean};

/** Stops a tunnel: each of its masters through its socket or by verified signals, then a dead socket file. */
export async function downTunnel(deps: Deps, target: TunnelTarget, runtimeDirectory: string): Promise<DownResult> {
	const stopped = await stopProcesses(deps, target, runtimeDirectory);
	const socketRemoved = (await deps.checkMaster(target.controlPath, timeouts.masterCheckMs)).kind === 'refused'
		&& await deps.runtime.removeSocket(target.controlPath);
	await deps.runtime.clearFailure(target.tunnel.name);
	return stopped.length === 0 ? {kind: 'not-running', socketRemoved} : {kind: 'stopped', stopped, socketRemoved};
}

export async function stopProcesses(deps: Deps, target: TunnelTarget, runtimeDirectory: string): Promise<StopOutcome[]> {
	const masters = mastersOf(sshProcesses(await deps.listSshProcesses(), deps.uid), target.controlPath);
	return Promise.all(masters.map(async ({process}) => ({
		pid: process.pid,
		outcome: await killTunnelProcess(deps, process, target.ssh, runtimeDirectory),
	})));
}
