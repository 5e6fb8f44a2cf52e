import path from 'node:path';
import type {ProcessInfo} from '../proc/types.js';
import type {SshSettings} from '../profile/settings.js';
import type {Listen} from '../profile/types.js';
import {viewSshProcess, type ViewForward} from '../ssh/process-view.js';
import {listenAddresses, type BindAddresses} from '../tunnel/bind.js';
import type {StaleReason} from '../tunnel/stale.js';
import {holdsRequired, type TunnelStatus} from '../tunnel/status.js';
import {timeouts} from './timeouts.js';
import type {Needs} from './deps.js';
import type {TunnelTarget} from '../tunnel/target.js';
import {findTakenAddresses, type Holder, type HolderDeps, type ListeningHere} from './holders.js';
import {killTunnelProcess, type KillDeps, type KillOutcome} from './kill.js';
import {listensOf, observeTunnels, type ObserveDeps, type StrayTunnel} from './observe.js';

export type Subject =
	| {readonly kind: 'profile'; readonly name: string}
	| {readonly kind: 'orphan'} // started by tunnels for a tunnel no longer in the profile
	| {readonly kind: 'foreign'}; // started some other way

/** A port (or socket file) of a tunnel without its listeners that someone else holds now: left alone by the kill. */
export type PortTaken = {readonly listen: Listen; readonly holder: Holder};

/** `forwards`: the process's own, as its argv asked for them (a duplicate started by hand may differ from the profile). */
export type PruneItem =
	| {readonly action: 'kill'; readonly process: ProcessInfo; readonly subject: Subject; readonly forwards: readonly ViewForward[]; readonly why: StaleReason; readonly taken?: readonly PortTaken[]}
	| {readonly action: 'remove-socket'; readonly path: string; readonly subject: Subject; readonly why: 'socket-refused'}
	| {readonly action: 'skip'; readonly process: ProcessInfo; readonly subject: Subject; readonly forwards: readonly ViewForward[]; readonly why: StaleReason; readonly because: 'foreign' | 'socket-not-ours'};

export type PruneOptions = {
	readonly targets: readonly TunnelTarget[];
	readonly ssh: SshSettings;
	/** tunnels started outside the tool may be killed too */
	readonly includeForeign: boolean;
};

/** A plan reads the system, asks each server through its master, and lists the socket files. */
export type PlanDeps = ObserveDeps & HolderDeps & Needs<'probeServer' | 'socketOwner', 'listSockets'>;

/** Finds every stale tunnel and control socket, with the evidence; changes nothing. */
export async function planPrune(deps: PlanDeps, options: PruneOptions): Promise<PruneItem[]> {
	const observation = await observeTunnels(deps, options.targets);
	const processes = new Map(observation.sshProcesses.map(process => [process.pid, process]));
	const items: PruneItem[] = [];
	const probes: Probe[] = [];

	for (const {target, status} of observation.tunnels) {
		const subject: Subject = {kind: 'profile', name: target.tunnel.name};
		const kill = async (pids: readonly number[], why: StaleReason) => {
			const taken = why === 'no-listener' ? await takenPorts(deps, target, status, options.targets, observation.binds) : [];
			for (const pid of pids) {
				const process = processes.get(pid);
				if (process !== undefined) {
					items.push({action: 'kill', process, subject, forwards: argvForwards(process), why, ...(taken.length === 0 ? {} : {taken})});
				}
			}
		};

		if (status.kind === 'up') {
			const process = processes.get(status.pid);
			if (process !== undefined) {
				probes.push({process, subject, forwards: argvForwards(process), controlPath: target.controlPath});
			}

			continue;
		}

		if (status.kind !== 'stale') {
			continue;
		}

		switch (status.reason) {
			case 'socket-refused': {
				await kill(status.pids, 'socket-refused');
				items.push({action: 'remove-socket', path: target.controlPath, subject, why: 'socket-refused'});
				break;
			}

			case 'duplicate': {
				await kill(status.pids.slice(1), 'duplicate');
				break;
			}

			case 'no-listener':
			case 'no-control-socket':
			case 'master-unresponsive': {
				await kill(status.pids, status.reason);
				break;
			}

			case 'unverified-master': {
				for (const pid of status.pids) {
					const process = processes.get(pid);
					if (process !== undefined) {
						items.push({action: 'skip', process, subject, forwards: argvForwards(process), why: 'unverified-master', because: 'socket-not-ours'});
					}
				}

				break;
			}
		}
	}

	for (const stray of observation.strays) {
		const {forwards} = stray.view;
		const subject: Subject = {kind: stray.origin};
		const why = stray.origin === 'orphan' ? 'orphan' : strayEvidence(stray, observation.binds);
		if (why !== undefined) {
			items.push(stray.origin === 'foreign' && !options.includeForeign
				? {action: 'skip', process: stray.process, subject, forwards, why, because: 'foreign'}
				: {action: 'kill', process: stray.process, subject, forwards, why});
		} else if (stray.view.controlPath !== undefined && stray.view.master && options.includeForeign
			&& await isOwnSocket(deps, stray.view.controlPath, deps.uid)) {
			// A healthy-looking foreign master is probed only when the answer could lead to a kill.
			probes.push({process: stray.process, subject, forwards, controlPath: stray.view.controlPath});
		}
	}

	items.push(...await unresponsive(deps, probes));
	items.push(...await deadSockets(deps, options.targets, observation.strays));
	return items;
}

export type PruneOutcome =
	| {readonly item: PruneItem; readonly result: KillOutcome}
	| {readonly item: PruneItem; readonly result: {readonly kind: 'removed' | 'kept'}};

/** Carries out a plan; every kill re-verifies the process it was planned for. */
export async function executePrune(deps: KillDeps, items: readonly PruneItem[], options: Pick<PruneOptions, 'ssh'>): Promise<PruneOutcome[]> {
	const outcomes: PruneOutcome[] = [];
	for (const item of items) {
		switch (item.action) {
			case 'kill': {
				outcomes.push({item, result: await killTunnelProcess(deps, item.process, options.ssh)});
				break;
			}

			case 'remove-socket': {
				// Only a socket whose master still refuses: a new tunnel may have started there meanwhile.
				const stillDead = (await deps.checkMaster(item.path, timeouts.masterCheckMs)).kind === 'refused';
				outcomes.push({item, result: {kind: stillDead && await deps.runtime.removeSocket(item.path) ? 'removed' : 'kept'}});
				break;
			}

			case 'skip': {
				break;
			}
		}
	}

	return outcomes;
}

/**
 * Evidence against a tunnel that runs outside any profile: it holds none of the -L and -D listeners
 * it asked for, each compared by address when its bind says where (a name as it resolves now), a
 * socket by its path. Without a bind, -g (not read here) decides the address: the port alone is compared.
 */
export function strayEvidence(stray: Pick<StrayTunnel, 'view' | 'listeners'>, binds: BindAddresses): StaleReason | undefined {
	const here = listensOf(stray.view);
	if (here.length === 0) {
		return undefined;
	}

	// Its listeners are already filtered to its own PID.
	const holdsAny = here.some(listen => stray.listeners.some(listener => {
		switch (listen.kind) {
			case 'tcp': {
				const addresses = listen.bind === undefined ? {kind: 'any' as const} : listenAddresses(listen, false, binds);
				return listener.kind === 'tcp' && listener.port === listen.port && (addresses.kind === 'any' || addresses.addresses.includes(listener.address));
			}

			case 'unix': {
				return listener.kind === 'unix' && listener.path === listen.path;
			}
		}
	}));
	return holdsAny ? undefined : 'no-listener';
}

/**
 * A foreign master's ControlPath is evidence only as ssh itself reads it: `~`, `%` tokens and
 * `${VAR}` are expanded by ssh, and a relative path is relative to where it ran. Read literally,
 * such a path is wherever anyone likes: another user planted a silent socket there and got a
 * healthy tunnel killed as unresponsive (issue 13, item 5). So: an absolute path with nothing to
 * expand, and a socket owned by the tunnel's own user.
 */
async function isOwnSocket(deps: Needs<'socketOwner'>, controlPath: string, uid: number): Promise<boolean> {
	return path.isAbsolute(controlPath) && !/[~%]|\$\{/.test(controlPath) && await deps.socketOwner(controlPath) === uid;
}

function argvForwards(process: ProcessInfo): readonly ViewForward[] {
	return viewSshProcess(process.argv)?.forwards ?? [];
}

/** A tunnel whose server is asked, through its own master, whether it still answers. */
type Probe = {readonly process: ProcessInfo; readonly subject: Subject; readonly forwards: readonly ViewForward[]; readonly controlPath: string};

async function unresponsive(deps: Needs<'probeServer'>, probes: readonly Probe[]): Promise<PruneItem[]> {
	// Native mux requests, no process each: all at once is cheap.
	const results = await Promise.all(probes.map(async probe => ({probe, result: await deps.probeServer(probe.controlPath, timeouts.probeMs)})));
	return results.filter(({result}) => result.kind === 'timeout').map(({probe}): PruneItem => ({action: 'kill', process: probe.process, subject: probe.subject, forwards: probe.forwards, why: 'unresponsive'}));
}

/** Socket files in the runtime directory that no tunnel uses and whose master is gone. */
async function deadSockets(deps: Needs<'checkMaster', 'listSockets'>, targets: readonly TunnelTarget[], strays: readonly StrayTunnel[]): Promise<PruneItem[]> {
	const known = new Set([...targets.map(target => target.controlPath), ...strays.flatMap(stray => stray.view.controlPath ?? [])]);
	const candidates = (await deps.runtime.listSockets()).filter(socket => !known.has(socket));
	const checks = await Promise.all(candidates.map(async socket => ({socket, check: await deps.checkMaster(socket, timeouts.masterCheckMs)})));
	return checks.filter(({check}) => check.kind === 'refused').map(({socket}) => ({action: 'remove-socket', path: socket, subject: {kind: 'orphan'}, why: 'socket-refused'}));
}

/** The ports a tunnel without its listeners lost to someone else since: its kill leaves them be. */
async function takenPorts(deps: HolderDeps, target: TunnelTarget, status: TunnelStatus, targets: readonly TunnelTarget[], binds: BindAddresses): Promise<PortTaken[]> {
	const unbound = status.kind === 'stale' ? status.forwards.filter(forward => !holdsRequired(forward, target.tunnel.gateway, binds)).flatMap((forward): ListeningHere[] => {
		switch (forward.kind) {
			case 'local': {
				return [{kind: forward.kind, forward: forward.forward}];
			}

			case 'dynamic': {
				return [{kind: forward.kind, forward: forward.forward}];
			}

			case 'remote': {
				return [];
			}
		}
	}) : [];
	const taken = (await findTakenAddresses(deps, unbound, target.tunnel.gateway, targets, binds)).filter(entry => entry.holder.kind !== 'tunnel' || entry.holder.name !== target.tunnel.name);
	return taken.map(entry => ({listen: entry.forward.forward.listen, holder: entry.holder}));
}
