import type {ProcessInfo} from '../proc/processes.js';
import type {TerminateOutcome} from '../proc/signal.js';
import {controlCommandArgv} from '../ssh/argv.js';
import {timeouts, type Deps, type TunnelTarget} from './deps.js';
import {mastersOf, sshProcesses} from './observe.js';

export type StopOutcome = {
	readonly pid: number;
	/** `exit`: ended by `ssh -O exit` through its socket */
	readonly outcome: {readonly kind: 'exit'} | TerminateOutcome;
};

export type DownResult =
	| {readonly kind: 'stopped'; readonly stopped: readonly StopOutcome[]; readonly socketRemoved: boolean}
	| {readonly kind: 'not-running'; readonly socketRemoved: boolean};

/** Stops a tunnel: `ssh -O exit` through its socket, then verified signals for whatever is left, then the socket file. */
export async function downTunnel(deps: Deps, target: TunnelTarget): Promise<DownResult> {
	const stopped = await stopProcesses(deps, target);
	const socketRemoved = await removeDeadSocket(deps, target.controlPath);
	await deps.runtime.clearFailure(target.tunnel.name);
	return stopped.length === 0 ? {kind: 'not-running', socketRemoved} : {kind: 'stopped', stopped, socketRemoved};
}

/** Ends every master of the tunnel; a PID is signalled only while it is still the process we saw. */
export async function stopProcesses(deps: Deps, target: TunnelTarget): Promise<StopOutcome[]> {
	const masters = mastersOf(sshProcesses(await deps.listProcesses(), deps.uid), target.controlPath).map(({process}) => process);
	if (masters.length === 0) {
		return [];
	}

	const master = await deps.checkMaster(target.controlPath, timeouts.masterCheckMs);
	const answering = master.kind === 'alive' ? masters.find(process => process.pid === master.pid) : undefined;
	let exited: ProcessInfo | undefined;
	if (answering !== undefined) {
		await deps.runSsh(controlCommandArgv(target.tunnel, {...target.ssh, controlPath: target.controlPath}, 'exit'), {timeoutMs: timeouts.controlCommandMs, interactive: false});
		exited = await deps.waitGone(answering, timeouts.exitGraceMs) ? answering : undefined;
	}

	return Promise.all(masters.map(async (process): Promise<StopOutcome> => ({
		pid: process.pid,
		outcome: process === exited ? {kind: 'exit'} : await deps.terminate(process),
	})));
}

async function removeDeadSocket(deps: Deps, controlPath: string): Promise<boolean> {
	const check = await deps.checkMaster(controlPath, timeouts.masterCheckMs);
	return check.kind === 'refused' ? deps.runtime.removeSocket(controlPath) : false;
}
