import {killTunnelProcess, type KillResult} from '../core/kill.js';
import {downTunnel, recordStop, type DownResult} from '../core/down.js';
import {mastersOf, sshProcesses} from '../core/observe.js';
import {checkedDeps} from './effects.js';
import {killJson} from '../present/json/kill.js';
import {describeKillResult} from '../present/kill.js';
import {loadProfile, type GlobalOptions, type Io, writeReport} from './context.js';
import {allTargetsOf, findTargets} from './targets.js';

/** `tunnels kill NAME|PID...`: a named tunnel, or any ssh tunnel process of ours by PID, each verified first. */
export async function killCommand(io: Io, globals: GlobalOptions, names: readonly string[], options: {readonly json?: boolean}): Promise<number> {
	const loaded = await loadProfile(io, globals);
	const deps = await checkedDeps(loaded, io.uid);
	const tunnelNames = names.filter(name => !/^\d+$/.test(name));
	const {selected, known} = await findTargets(loaded, tunnelNames, async () => allTargetsOf(loaded, deps));
	const results: KillResult[] = [];
	for (const name of names) {
		const target = selected[tunnelNames.indexOf(name)];
		if (target !== undefined) {
			const down = await downTunnel(deps, target, {stoppedBy: 'kill'});
			results.push(...killResultsOf(name, down));
			continue;
		}

		const pid = Number(name);
		const process = await deps.readProcess(pid);
		// The master of a profile tunnel, killed by PID: a person's stop all the same.
		const owner = process === undefined || process.program === 'other' ? undefined : known.find(candidate => mastersOf(sshProcesses([process], deps.uid), candidate.controlPath).length > 0);
		if (owner !== undefined) {
			await recordStop(deps, owner.tunnel.name, 'kill');
		}

		results.push({target: name, pid, outcome: process === undefined ? {kind: 'refused', reason: 'not-found'} : await killTunnelProcess(deps, process, loaded.ssh)});
	}

	if (options.json) {
		io.stdout(`${JSON.stringify(killJson(results), undefined, 2)}\n`);
	} else {
		writeReport(io, results.map(result => describeKillResult(result)));
	}

	return results.every(({outcome}) => outcome.kind === 'stopped' || outcome.kind === 'not-running' || outcome.kind === 'released') ? 0 : 1;
}

function killResultsOf(name: string, down: DownResult): KillResult[] {
	switch (down.kind) {
		case 'not-running': {
			return [{target: name, pid: undefined, outcome: {kind: 'not-running'}}];
		}

		case 'released': {
			// The master ends with the last tunnel it carries: then it is killed too.
			return down.ended.length > 0 ? down.ended.map(({pid, outcome}) => ({target: name, pid, outcome})) : [{target: name, pid: down.pid, outcome: {kind: 'released'}}];
		}

		case 'stopped': {
			return down.stopped.map(({pid, outcome}) => ({target: name, pid, outcome}));
		}
	}
}
