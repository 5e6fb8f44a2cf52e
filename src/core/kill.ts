import path from 'node:path';
import type {ProcessInfo} from '../proc/types.js';
import {isSameProcess} from '../proc/processes.js';
import type {SshSettings} from '../profile/settings.js';
import {controlCommandArgv} from '../ssh/argv.js';
import {holdsTunnels, viewSshProcess} from '../ssh/process-view.js';
import {timeouts} from './timeouts.js';
import type {Needs} from './deps.js';

/** Why a process was not touched. */
export type KillRefusal =
	| 'not-found'
	| 'zombie' // dead already; its parent must reap it
	| 'identity-changed' // the PID is another process now
	| 'other-user'
	| 'not-ssh'
	| 'not-a-tunnel'; // ssh without forwards: an interactive session, a control client

export type KillOutcome =
	| {readonly kind: 'stopped'; readonly by: 'ssh -O exit' | 'SIGTERM' | 'SIGKILL' | 'already gone'}
	| {readonly kind: 'refused'; readonly reason: KillRefusal}
	| {readonly kind: 'failed'; readonly reason: 'not-permitted' | 'survived'};

/** What `tunnels kill` did to one thing named on its command line: a tunnel (each of its masters) or a PID. */
export type KillResult = {
	readonly target: string;
	readonly pid: number | undefined;
	/** `released`: a shared tunnel's forwards were closed on its master, which other tunnels still ride */
	readonly outcome: KillOutcome | {readonly kind: 'not-running'} | {readonly kind: 'released'};
};

/** What a kill touches: the process, its control socket, ssh -O exit, signals. */
export type KillDeps = Needs<'uid' | 'readProcess' | 'checkMaster' | 'runSsh' | 'terminate' | 'waitGone', 'directory' | 'removeSocket'>;

/**
 * Stops one ssh tunnel process seen earlier. It must still be the same process (PID, start time,
 * argv), ours, ssh, and forward ports. Through its control socket when its master answers with its
 * PID, else SIGTERM then SIGKILL, each re-verified. A dead socket left in our runtime directory goes too.
 */
export async function killTunnelProcess(deps: KillDeps, seen: ProcessInfo, ssh: SshSettings): Promise<KillOutcome> {
	const runtimeDirectory = deps.runtime.directory;
	const now = await deps.readProcess(seen.pid);
	const refusal = refusalFor(deps, seen, now);
	if (refusal !== undefined) {
		return refusal === 'not-found' ? {kind: 'stopped', by: 'already gone'} : {kind: 'refused', reason: refusal};
	}

	const view = viewSshProcess(seen.argv)!;
	const controlPath = view.controlPath;
	let outcome: KillOutcome | undefined;
	if (controlPath !== undefined) {
		const master = await deps.checkMaster(controlPath, timeouts.masterCheckMs);
		if (master.kind === 'alive' && master.pid === seen.pid) {
			await deps.runSsh(controlCommandArgv(view.destination ?? 'tunnel', {...ssh, controlPath}, 'exit'), {timeoutMs: timeouts.controlCommandMs, prompt: {kind: 'none'}});
			outcome = await deps.waitGone(seen, timeouts.exitGraceMs) ? {kind: 'stopped', by: 'ssh -O exit'} : undefined;
		}
	}

	if (outcome === undefined) {
		const terminated = await deps.terminate(seen);
		switch (terminated.kind) {
			case 'gone': {
				outcome = {kind: 'stopped', by: terminated.by === 'already' ? 'already gone' : terminated.by};
				break;
			}

			case 'zombie': {
				outcome = {kind: 'refused', reason: 'zombie'};
				break;
			}

			case 'identity-changed': {
				outcome = {kind: 'refused', reason: 'identity-changed'};
				break;
			}

			case 'not-permitted':
			case 'survived': {
				outcome = {kind: 'failed', reason: terminated.kind};
				break;
			}
		}
	}

	if (controlPath !== undefined && path.dirname(controlPath) === runtimeDirectory && (await deps.checkMaster(controlPath, timeouts.masterCheckMs)).kind === 'refused') {
		await deps.runtime.removeSocket(controlPath);
	}

	return outcome;
}

/** The checks every kill passes first; undefined when the process may be stopped. */
export function refusalFor(deps: Needs<'uid', 'directory'>, seen: ProcessInfo, now: ProcessInfo | undefined): KillRefusal | undefined {
	if (now === undefined) {
		return 'not-found';
	}

	if (now.state === 'zombie') {
		return 'zombie';
	}

	if (!isSameProcess(seen, now)) {
		return 'identity-changed';
	}

	if (now.uid !== deps.uid) {
		return 'other-user';
	}

	// argv[0] says ssh, but /proc/PID/exe is another program (`exec -a ssh …`): not ssh.
	const view = now.program === 'other' ? undefined : viewSshProcess(now.argv);
	if (view === undefined) {
		return 'not-ssh';
	}

	return holdsTunnels(view, deps.runtime.directory) ? undefined : 'not-a-tunnel';
}
