import {observeTunnels, type ObservedTunnel} from '../core/observe.js';
import {systemDeps} from '../core/system.js';
import {formatIssue} from '../profile/issue.js';
import {describeBoundForward, describeForwards, describeRoute} from '../tunnel/describe.js';
import {sourceLabel, stateWord, uptime} from '../present/status.js';
import {loadProfile, type GlobalOptions, type Io} from './context.js';
import {allTargetsOf} from './targets.js';
import {describeViewForwards} from '../ssh/process-view.js';
import {renderTable} from '../present/table.js';
import {lsJson} from '../present/json/ls.js';

export type LsOptions = {
	readonly json?: boolean;
};

/**
 * Every tunnel (the profile's, then the ssh config's) with its observed state, then the ssh tunnels
 * that run outside of them. The ssh config's tunnels cost one `ssh -G` per Host name a forward line
 * can reach, nothing without such a line; their route is shown as ssh -G resolved it. A profile
 * tunnel's host is shown as written: resolving it would cost one `ssh -G` per tunnel (`check` and
 * `doctor` do).
 */
export async function lsCommand(io: Io, globals: GlobalOptions, options: LsOptions): Promise<void> {
	const loaded = await loadProfile(io, globals);
	const deps = systemDeps(loaded, io.uid);
	const {targets, warnings} = await allTargetsOf(loaded, deps);
	const observation = await observeTunnels(deps, targets);
	const now = deps.now();
	if (options.json) {
		io.stdout(`${JSON.stringify(lsJson({
			file: loaded.path,
			tunnels: observation.tunnels,
			strays: observation.strays,
			warnings: loaded.warnings,
			sshConfigWarnings: warnings,
		}), undefined, 2)}\n`);
		return;
	}

	for (const warning of loaded.warnings) {
		io.stderr(`${formatIssue(warning)}\n`);
	}

	for (const warning of warnings) {
		io.stderr(`warning: ${warning}\n`);
	}

	if (loaded.text.kind === 'missing') {
		io.stdout(`No profile file yet at ${loaded.path}.\nStart with the example: tunnels init\nor add a tunnel from an ssh command: tunnels import -- ssh -f -N -L 9906:10.1.0.2:3306 root@10.1.0.2\n`);
	} else if (observation.tunnels.length === 0) {
		io.stdout(`No tunnels in ${loaded.path}.\n`);
	}

	if (observation.tunnels.length > 0) {
		// A SOURCE column only when the ssh config adds tunnels: the profile's need none.
		const withSource = observation.tunnels.some(({target}) => target.tunnel.source.kind !== 'profile');
		const rows = observation.tunnels.flatMap(observed => tunnelRows(observed, now, withSource ? sourceLabel(observed.target.tunnel.source, io.home) : undefined));
		const header = ['NAME', 'STATE', 'PID', 'UP', 'FORWARD', 'VIA', ...(withSource ? ['SOURCE'] : [])];
		io.stdout(`${loaded.text.kind === 'missing' ? '\n' : ''}${renderTable([header, ...rows])}\n`);
	}

	if (observation.strays.length > 0) {
		const rows = observation.strays.map(stray => [
			String(stray.process.pid),
			stray.origin === 'orphan' ? 'stale: profile deleted' : 'not from a profile',
			uptime(stray.process.startedAt, now),
			describeViewForwards(stray.view).join(', '),
			stray.view.destination ?? '',
		]);
		io.stdout(`\n${renderTable([['PID', 'STATE', 'UP', 'FORWARD', 'DESTINATION'], ...rows])}\n`);
	}
}

function tunnelRows(observed: ObservedTunnel, now: Date, source: string | undefined): string[][] {
	const {tunnel} = observed.target;
	const {status} = observed;
	const forwards = 'forwards' in status && status.forwards.length > 0
		? status.forwards.map(forward => describeBoundForward(forward, tunnel.gateway))
		: describeForwards(tunnel);
	const pid = 'pid' in status ? String(status.pid) : 'pids' in status ? status.pids.join(',') : '';
	const up = status.kind === 'up' ? uptime(status.startedAt, now) : '';
	const last = source === undefined ? [] : [source];
	return forwards.map((forward, index) => (index === 0
		? [tunnel.name, stateWord(status), pid, up, forward, describeRoute(tunnel), ...last]
		: ['', '', '', '', forward, '', ...last.map(() => '')]));
}
