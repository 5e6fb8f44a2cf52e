import {describeRefusal, killTunnelProcess, type KillOutcome} from '../core/kill.js';
import {downTunnel, recordStop} from '../core/down.js';
import {mastersOf, sshProcesses} from '../core/observe.js';
import {systemDeps} from '../core/system.js';
import {UserError} from '../errors.js';
import {loadProfile, targetsOf, type GlobalOptions, type Io} from './context.js';

/** `tunnels kill NAME|PID...`: a named tunnel, or any ssh tunnel process of ours by PID, each verified first. */
export async function killCommand(io: Io, globals: GlobalOptions, names: readonly string[], options: {readonly json?: boolean}): Promise<number> {
	const loaded = await loadProfile(io, globals);
	const targets = targetsOf(loaded);
	const unknown = names.filter(name => !/^\d+$/.test(name) && !targets.some(target => target.tunnel.name === name));
	if (unknown.length > 0) {
		throw new UserError(`not a tunnel name or PID: ${unknown.join(', ')}`, `tunnels here: ${targets.map(target => target.tunnel.name).join(', ') || 'none'}`);
	}

	const deps = systemDeps(loaded, io.uid);
	const results: Array<{target: string; pid: number | undefined; outcome: KillOutcome | {kind: 'not-running'}}> = [];
	for (const name of names) {
		const target = targets.find(candidate => candidate.tunnel.name === name);
		if (target !== undefined) {
			const down = await downTunnel(deps, target, loaded.socketDirectory, {stoppedBy: 'kill'});
			results.push(...(down.kind === 'not-running'
				? [{target: name, pid: undefined, outcome: {kind: 'not-running' as const}}]
				: down.stopped.map(({pid, outcome}) => ({target: name, pid, outcome}))));
			continue;
		}

		const pid = Number(name);
		const process = await deps.readProcess(pid);
		// The master of a profile tunnel, killed by PID: a person's stop all the same.
		const owner = process === undefined ? undefined : targets.find(candidate => mastersOf(sshProcesses([process], deps.uid), candidate.controlPath).length > 0);
		if (owner !== undefined) {
			await recordStop(deps, owner.tunnel.name, 'kill');
		}

		results.push({target: name, pid, outcome: process === undefined ? {kind: 'refused', reason: 'not-found'} : await killTunnelProcess(deps, process, loaded.ssh, loaded.socketDirectory)});
	}

	if (options.json) {
		io.stdout(`${JSON.stringify(results, undefined, 2)}\n`);
	} else {
		for (const {target, pid, outcome} of results) {
			const who = pid === undefined || String(pid) === target ? target : `${target} (pid ${pid})`;
			switch (outcome.kind) {
				case 'stopped': {
					io.stdout(`killed ${who} · ${outcome.by}\n`);
					break;
				}

				case 'not-running': {
					io.stdout(`${who} was not running\n`);
					break;
				}

				case 'refused': {
					io.stderr(`refused: ${who}: ${describeRefusal(outcome.reason)}; nothing was signalled\n`);
					break;
				}

				case 'failed': {
					io.stderr(`error: ${who}: ${outcome.reason}\n`);
					break;
				}
			}
		}
	}

	return results.every(({outcome}) => outcome.kind === 'stopped' || outcome.kind === 'not-running') ? 0 : 1;
}
