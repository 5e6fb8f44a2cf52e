import path from 'node:path';
import {mapBounded} from '../bounded.js';
import type {Listener} from '../net/listeners.js';
import type {MasterCheck} from '../mux/client.js';
import type {ProcessInfo} from '../proc/types.js';
import {parseDynamicForward, parseForward, tcpListensHere} from '../profile/forward.js';
import type {Listen} from '../profile/types.js';
import {holdsTunnels, viewSshProcess, type SshProcessView} from '../ssh/process-view.js';
import type {BindAddresses} from '../tunnel/bind.js';
import {isShared} from '../tunnel/share.js';
import {deriveStatus, type TunnelStatus} from '../tunnel/status.js';
import {resolveBinds} from './binds.js';
import {heldBy, isMasterOf, listenersByOwner, mastersByControlPath, type SshProcess} from './observe-index.js';
import {unclaimedSharedMasters} from './unclaimed.js';
import {timeouts} from './timeouts.js';
import type {Needs} from './deps.js';
import type {TunnelTarget} from '../tunnel/target.js';

export type {SshProcess} from './observe-index.js';

export type ObservedTunnel = {
	readonly target: TunnelTarget;
	readonly status: TunnelStatus;
};

/** A running ssh that forwards ports but belongs to no profile tunnel. */
export type StrayTunnel = {
	/** `orphan`: started by tunnels for a tunnel no longer in the profile; `foreign`: started some other way */
	readonly origin: 'orphan' | 'foreign';
	readonly process: ProcessInfo;
	readonly view: SshProcessView;
	readonly listeners: readonly Listener[];
};

export type Observation = {
	readonly tunnels: readonly ObservedTunnel[];
	readonly strays: readonly StrayTunnel[];
	/** every live ssh process of ours that was seen */
	readonly sshProcesses: readonly ProcessInfo[];
	/** the bind names of the tunnels' and the strays' local forwards, as they resolved for this look */
	readonly binds: BindAddresses;
};

export type ObserveOptions = {
	/** bind names already resolved by the caller (for one command that looks many times); resolved here otherwise */
	readonly binds?: BindAddresses;
	/** the caller holds the tunnels' start locks itself (`up`): a lock says nothing about who is starting */
	readonly holdsStartLocks?: boolean;
	/** processes and listeners already read for this command (`up --all`, the check after a start); read here otherwise */
	readonly snapshot?: Snapshot;
};

/**
 * One look at the processes and listeners, shared by every tunnel a command looks at: reading them
 * once per tunnel made `up --all` and `ls` grow with the square of the tunnels (issue 17).
 */
export type Snapshot = {
	/** our live ssh processes, their command lines read */
	readonly ssh: readonly SshProcess[];
	/** the listeners those processes hold */
	readonly listeners: readonly Listener[];
};

export type SnapshotDeps = Needs<'uid' | 'listSshProcesses' | 'listListeners'>;

/**
 * Every ssh process of ours, and the listeners they hold: one process list, one listener scan. With
 * no ssh of ours running nobody's listeners are read: none would be ours, and the read costs ~6.5 ms
 * of kernel time however few sockets there are (holders.ts).
 */
export async function takeSnapshot(deps: SnapshotDeps): Promise<Snapshot> {
	const ssh = sshProcesses(await deps.listSshProcesses(), deps.uid);
	return {ssh, listeners: ssh.length === 0 ? [] : await deps.listListeners({ownersAmong: ssh.map(({process}) => process.pid)})};
}

/**
 * The snapshot that decides these tunnels' status and nothing else: our ssh processes, and the
 * listeners of these tunnels' masters only. When none of them runs (a start's usual case), or
 * `portsFree` (the kernel let every port of theirs be bound a moment ago, so nobody holds one), no
 * listener is read at all; the strays it shows have no listeners.
 */
export async function takeTunnelsSnapshot(deps: SnapshotDeps, targets: readonly TunnelTarget[], {portsFree = false} = {}): Promise<Snapshot> {
	const ssh = sshProcesses(await deps.listSshProcesses(), deps.uid);
	const owners = portsFree ? [] : [...new Set(targets.flatMap(target => mastersOf(ssh, target.controlPath).map(({process}) => process.pid)))];
	return {ssh, listeners: owners.length === 0 ? [] : await deps.listListeners({ownersAmong: owners})};
}

/**
 * The snapshot that decides whether a start worked: only the master that answers on the tunnel's
 * socket, and its listeners (no process list). Empty while nothing answers there yet.
 */
export async function takeMasterSnapshot(deps: Needs<'uid' | 'readProcess' | 'listListeners' | 'checkMaster'>, controlPath: string): Promise<Snapshot> {
	const master = await deps.checkMaster(controlPath, timeouts.masterCheckMs);
	const found = master.kind === 'alive' ? await deps.readProcess(master.pid) : undefined;
	const ssh = sshProcesses(found === undefined ? [] : [found], deps.uid);
	return {ssh, listeners: ssh.length === 0 ? [] : await deps.listListeners({ownersAmong: ssh.map(({process}) => process.pid)})};
}

/** What an observation reads: the process table, listeners, each control socket, the last failures. */
export type ObserveDeps = Needs<'uid' | 'now' | 'listSshProcesses' | 'listListeners' | 'lookupBind' | 'checkMaster', 'directory' | 'recordsPresent' | 'listEntries' | 'readFailure' | 'readCarrier' | 'startHolder'>;

/** Sockets and files open at once for each kind of check: one per tunnel at once ran out of descriptors (EMFILE) for a profile of 100k. */
const openAtOnce = 64;


/**
 * Reads the system once (one snapshot unless given, one mux check per tunnel, one lookup per bind
 * name, in parallel) and derives every tunnel's status. Only our own live ssh processes
 * count; zombies are dead.
 */
export async function observeTunnels(deps: ObserveDeps, targets: readonly TunnelTarget[], options: ObserveOptions = {}): Promise<Observation> {
	const runtimeDirectory = deps.runtime.directory;
	const {ssh, listeners} = options.snapshot ?? await takeSnapshot(deps);
	// From here on, what the runtime directory's listings lack is not opened (listedDeps).
	deps = await listedDeps(deps);
	const [binds, masters, failures, carriers] = await Promise.all([
		options.binds ?? resolveBinds(deps, [...targets.flatMap(target => tcpListensHere(target.tunnel)), ...ssh.flatMap(({view}) => listensOf(view).flatMap(listen => (listen.kind === 'tcp' ? [listen] : [])))]),
		checkMasters(deps, targets),
		mapBounded(targets, openAtOnce, async target => deps.runtime.readFailure(target.tunnel.name)),
		// Only a shared tunnel has one: which master it was added to.
		mapBounded(targets, openAtOnce, async target => (isShared(target.tunnel) ? deps.runtime.readCarrier(target.tunnel.name) : undefined)),
	]);
	// Indexed once: a scan of every process and listener per tunnel grew with the square of them.
	const mastersByPath = mastersByControlPath(ssh);
	const listenersByPid = listenersByOwner(listeners);
	const processesOf = targets.map(target => (mastersByPath.get(target.controlPath) ?? []).map(({process}) => process));
	// Read only where it decides something: a master that runs without its socket.
	const starting = await Promise.all(targets.map(async (target, index) => options.holdsStartLocks !== true
		&& masters[index]!.kind === 'missing' && processesOf[index]!.length > 0
		&& await deps.runtime.startHolder(target.tunnel.name) !== undefined));
	const now = deps.now();
	const tunnels = targets.map((target, index) => {
		const processes = processesOf[index]!;
		return {
			target,
			status: deriveStatus({
				tunnel: target.tunnel,
				controlPath: target.controlPath,
				master: masters[index]!,
				processes,
				listeners: heldBy(listenersByPid, processes),
				lastFailure: failures[index],
				carrier: carriers[index],
				now,
				binds,
				startInProgress: starting[index],
			}),
		};
	});

	const known = new Set(targets.map(target => target.controlPath));
	const outside = ssh.filter(({view}) => holdsTunnels(view, runtimeDirectory) && (view.controlPath === undefined || !known.has(view.controlPath)));
	const unclaimed = await unclaimedSharedMasters(deps, targets, tunnels.map(({status}) => status), mastersByPath);
	const strays = [...outside, ...unclaimed].map(({process, view}): StrayTunnel => ({
		origin: view.controlPath !== undefined && path.dirname(view.controlPath) === runtimeDirectory ? 'orphan' : 'foreign',
		process,
		view,
		listeners: heldBy(listenersByPid, [process]),
	}));
	return {tunnels, strays, sshProcesses: ssh.map(({process}) => process), binds};
}

/** One alive check per control socket: shared tunnels of one master ask it once (50 of them: 50 checks). */
async function checkMasters(deps: Needs<'checkMaster'>, targets: readonly TunnelTarget[]): Promise<MasterCheck[]> {
	const paths = [...new Set(targets.map(target => target.controlPath))];
	const checks = await mapBounded(paths, openAtOnce, async controlPath => deps.checkMaster(controlPath, timeouts.masterCheckMs));
	const byPath = new Map(paths.map((controlPath, index) => [controlPath, checks[index]!]));
	return targets.map(target => byPath.get(target.controlPath)!);
}

/** What a running ssh's -L and -D ask to listen on here, as tunnels reads them; `%%` in its socket paths is ssh's escape of `%`. */
export function listensOf(view: SshProcessView): Listen[] {
	return view.forwards.flatMap((forward): Listen[] => {
		const parsed = forward.flag === 'L' ? parseForward(forward.spec) : forward.flag === 'D' ? parseDynamicForward(forward.spec) : undefined;
		if (parsed?.kind !== 'ok') {
			return [];
		}

		const {listen} = parsed.forward;
		return [listen.kind === 'unix' ? {kind: 'unix', path: listen.path.replaceAll('%%', '%')} : listen];
	});
}

/** Live ssh processes of this user, with their command lines read. */
export function sshProcesses(processes: readonly ProcessInfo[], uid: number): SshProcess[] {
	return processes.flatMap(process => {
		if (process.uid !== uid || process.state === 'zombie') {
			return [];
		}

		const view = viewSshProcess(process.argv);
		return view === undefined ? [] : [{process, view}];
	});
}

/**
 * The effects of one look, narrowed by one listing of the runtime directory and one of its
 * `.state/`: what a listing lacks is not there, so it is not opened. At 200 tunnels a look opened
 * hundreds of records that did not exist and connected to the control socket of every tunnel that
 * was down, and each ENOENT cost more than a listing (issues 14, 17). A file made after its listing
 * is seen by the next look, as if it came just after this one; a directory that cannot be listed
 * narrows nothing.
 */
async function listedDeps(deps: ObserveDeps): Promise<ObserveDeps> {
	const {runtime} = deps;
	const [present, entries] = await Promise.all([runtime.recordsPresent(), runtime.listEntries()]);
	const listed = (controlPath: string) => entries === undefined || path.dirname(controlPath) !== runtime.directory || entries.has(path.basename(controlPath));
	return {
		...deps,
		checkMaster: async (controlPath, timeoutMs) => (listed(controlPath) ? deps.checkMaster(controlPath, timeoutMs) : {kind: 'missing'}),
		runtime: {
			...runtime,
			readFailure: async name => (present('failure', name) ? runtime.readFailure(name) : undefined),
			readCarrier: async name => (present('carrier', name) ? runtime.readCarrier(name) : undefined),
			startHolder: async name => (present('start-lock', name) ? runtime.startHolder(name) : undefined),
		},
	};
}

/** The masters started for a control path: its ControlPath in their argv, ControlMaster on. */
export function mastersOf(ssh: readonly SshProcess[], controlPath: string): SshProcess[] {
	return ssh.filter(({view}) => isMasterOf(view, controlPath));
}

