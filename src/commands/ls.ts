import {observeTunnels, type ObservedTunnel, type StrayTunnel} from '../core/observe.js';
import {systemDeps} from '../core/system.js';
import {formatIssue} from '../profile/issue.js';
import {describeFailure} from '../ssh/failure.js';
import {describeBoundForward, describeForwards, describeRoute, describeStale} from '../tunnel/describe.js';
import type {TunnelStatus} from '../tunnel/status.js';
import {loadProfile, targetsOf, type GlobalOptions, type Io} from './context.js';
import {renderTable} from './table.js';

export type LsOptions = {
	readonly json?: boolean;
};

/** Every tunnel of the profile with its observed state, then the ssh tunnels that run outside any profile. */
export async function lsCommand(io: Io, globals: GlobalOptions, options: LsOptions): Promise<void> {
	const loaded = await loadProfile(io, globals);
	const deps = systemDeps(loaded, io.uid);
	const observation = await observeTunnels(deps, targetsOf(loaded), loaded.socketDirectory);
	const now = deps.now();
	if (options.json) {
		io.stdout(`${JSON.stringify({
			file: loaded.path,
			tunnels: observation.tunnels.map(observed => tunnelJson(observed)),
			strays: observation.strays.map(stray => strayJson(stray)),
			warnings: loaded.warnings,
		}, undefined, 2)}\n`);
		return;
	}

	for (const warning of loaded.warnings) {
		io.stderr(`${formatIssue(warning)}\n`);
	}

	if (loaded.text.kind === 'missing') {
		io.stdout(`No profile file yet at ${loaded.path}.\nStart with the example: tunnels init\nor add a tunnel from an ssh command: tunnels import -- ssh -f -N -L 9906:10.1.0.2:3306 root@10.1.0.2\n`);
	} else if (observation.tunnels.length === 0) {
		io.stdout(`No tunnels in ${loaded.path}.\n`);
	} else {
		const rows = observation.tunnels.flatMap(observed => tunnelRows(observed, now));
		io.stdout(`${renderTable([['NAME', 'STATE', 'PID', 'UP', 'FORWARD', 'VIA'], ...rows])}\n`);
	}

	if (observation.strays.length > 0) {
		const rows = observation.strays.map(stray => [
			String(stray.process.pid),
			stray.origin === 'orphan' ? 'stale: profile deleted' : 'not from a profile',
			uptime(stray.process.startedAt, now),
			stray.view.forwards.map(forward => `${forward.flag} ${forward.spec}`).join(', '),
			stray.view.destination ?? '',
		]);
		io.stdout(`\n${renderTable([['PID', 'STATE', 'UP', 'FORWARD', 'DESTINATION'], ...rows])}\n`);
	}
}

function tunnelRows(observed: ObservedTunnel, now: Date): string[][] {
	const {tunnel} = observed.target;
	const {status} = observed;
	const forwards = 'forwards' in status && status.forwards.length > 0
		? status.forwards.map(forward => describeBoundForward(forward, tunnel.gateway))
		: describeForwards(tunnel);
	const pid = 'pid' in status ? String(status.pid) : 'pids' in status ? status.pids.join(',') : '';
	const up = status.kind === 'up' ? uptime(status.startedAt, now) : '';
	return forwards.map((forward, index) => (index === 0
		? [tunnel.name, stateWord(status), pid, up, forward, describeRoute(tunnel)]
		: ['', '', '', '', forward, '']));
}

export function stateWord(status: TunnelStatus): string {
	switch (status.kind) {
		case 'stale': {
			return `stale: ${describeStale(status.reason)}`;
		}

		case 'failed': {
			return `failed: ${describeFailure(status.failure, true).message}`;
		}

		case 'up':
		case 'down':
		case 'starting': {
			return status.kind;
		}
	}
}

function tunnelJson({target, status}: ObservedTunnel): Record<string, unknown> {
	const {kind, ...details} = status;
	return {name: target.tunnel.name, controlPath: target.controlPath, state: kind, ...details};
}

function strayJson(stray: StrayTunnel): Record<string, unknown> {
	return {
		origin: stray.origin,
		pid: stray.process.pid,
		startedAt: stray.process.startedAt,
		argv: stray.process.argv,
		forwards: stray.view.forwards,
		destination: stray.view.destination,
		listeners: stray.listeners.map(listener => ({address: listener.address, port: listener.port})),
	};
}

/** `45s`, `12m`, `3h`, `2d`. */
export function uptime(startedAt: Date | undefined, now: Date): string {
	if (startedAt === undefined) {
		return '';
	}

	const seconds = Math.max(0, Math.round((now.getTime() - startedAt.getTime()) / 1000));
	return seconds < 60 ? `${seconds}s` : seconds < 3600 ? `${Math.floor(seconds / 60)}m` : seconds < 86_400 ? `${Math.floor(seconds / 3600)}h` : `${Math.floor(seconds / 86_400)}d`;
}
