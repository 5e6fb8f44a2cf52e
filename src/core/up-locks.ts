// What every start does around its work: the tunnels' start locks, a person's stop that comes
// meanwhile, and the look before (core/up.ts starts one tunnel, or shared tunnels of one master together).
import type {Listener} from '../net/listeners.js';
import {tcpListensHere} from '../profile/forward.js';
import type {Lock} from '../store/lock.js';
import type {BindAddresses} from '../tunnel/bind.js';
import type {TunnelStatus} from '../tunnel/status.js';
import type {TunnelTarget} from '../tunnel/target.js';
import {resolveBinds} from './binds.js';
import type {Needs} from './deps.js';
import {mastersOf, observeTunnels, takeTunnelsSnapshot, type ObserveDeps, type Snapshot} from './observe.js';
import {timeouts} from './timeouts.js';
import {undoStart} from './up-start.js';
import type {UpDeps, UpOptions, UpResult} from './up-types.js';

/**
 * Takes each tunnel's start lock (a tunnel another `up` holds is `busy`), runs `start` over the
 * tunnels it holds, and releases them. A stop from the moment a start holds the lock wins over it,
 * whenever it comes (issue 13, item 7); an earlier one took the lock first (`down` holds it while it
 * stops) and is over. Results in the order of `targets`.
 */
export async function underStartLocks(deps: UpDeps, targets: readonly TunnelTarget[], options: UpOptions, start: (locked: readonly TunnelTarget[]) => Promise<UpResult[]>): Promise<UpResult[]> {
	await deps.runtime.ensureDirectory();
	const results: Array<UpResult | undefined> = targets.map(() => undefined);
	if (options.clearsStop) {
		await Promise.all(targets.map(async target => deps.runtime.clearStopped(target.tunnel.name)));
	}

	const held = (await takeLocks(deps, targets)).map(({lock, began}, index) => {
		if (lock.kind === 'held') {
			results[index] = {kind: 'busy', pid: lock.pid};
			return undefined;
		}

		return {target: targets[index]!, index, lock, began};
	});
	const locked = held.flatMap(entry => (entry === undefined ? [] : [entry]));
	try {
		const stops = await Promise.all(locked.map(async entry => stopSince(deps, entry.target, entry.began)));
		const going = locked.filter((entry, position) => {
			results[entry.index] = stops[position];
			return stops[position] === undefined;
		});
		const started = going.length === 0 ? [] : await start(going.map(({target}) => target));
		await Promise.all(going.map(async (entry, position) => {
			const result = started[position]!;
			results[entry.index] = result;
			// Checked again with the lock still held: a `down` that came meanwhile waits for the lock, or
			// gave up waiting (a start at a prompt) and relies on this.
			if (result.kind === 'started') {
				const stop = await stopSince(deps, entry.target, entry.began);
				if (stop !== undefined) {
					await undoStart(deps, entry.target, await resolveBinds(deps, tcpListensHere(entry.target.tunnel)));
					results[entry.index] = stop;
				}
			}
		}));
	} finally {
		await Promise.all(locked.map(async ({lock}) => lock.kind === 'acquired' && lock.release()));
	}

	return results.map(result => result!);
}

/** The look before a start: each tunnel's status, and who listens here when that look read it (for the ports' check). */
export type LookBefore = {readonly statuses: readonly TunnelStatus[]; readonly listening?: readonly Listener[]};

/**
 * The look before a start. The command's snapshot is older than the tunnels' locks: it is trusted
 * only when it shows nothing of a tunnel (its socket is checked afresh anyway); anything else is
 * looked at again. `portsFree`: nobody listens on the tunnels' ports (a bind probe said so), so no
 * listener is read, and none is given for the ports' check.
 */
export async function observeBefore(deps: ObserveDeps, targets: readonly TunnelTarget[], binds: BindAddresses, snapshot: Snapshot | undefined, {portsFree = false} = {}): Promise<LookBefore> {
	const look = async (some: readonly TunnelTarget[], taken: Snapshot) => (await observeTunnels(deps, some, {binds, holdsStartLocks: true, snapshot: taken})).tunnels.map(({status}) => status);
	const statuses = snapshot === undefined ? targets.map(() => undefined) : await look(targets, snapshot);
	const again = targets.filter((_, index) => statuses[index]?.kind !== 'down' && statuses[index]?.kind !== 'failed');
	const fresh = again.length === 0 ? undefined : await takeTunnelsSnapshot(deps, again, {portsFree});
	const freshStatuses = fresh === undefined ? [] : await look(again, fresh);
	return {
		statuses: targets.map((target, index) => statuses[index]?.kind === 'down' || statuses[index]?.kind === 'failed' ? statuses[index]! : freshStatuses[again.indexOf(target)]!),
		// Read whole (every listening socket, owners among the masters) when a master of these runs.
		...(fresh !== undefined && (portsFree || again.some(target => mastersOf(fresh.ssh, target.controlPath).length > 0)) ? {listening: fresh.listeners} : {}),
	};
}

/** A person's stop of the tunnel recorded at or after `since`. */
async function stopSince(deps: Needs<never, 'readStopped'>, target: TunnelTarget, since: Date): Promise<Extract<UpResult, {kind: 'stopped'}> | undefined> {
	const stop = await deps.runtime.readStopped(target.tunnel.name);
	return stop !== undefined && Date.parse(stop.at) >= since.getTime() ? {kind: 'stopped', stop} : undefined;
}

/**
 * Every tunnel's start lock, each with the moment it was taken. Several are tried all at once; when
 * one is held, those taken are let go and all are waited for one by one in name order, so that two
 * commands starting overlapping groups never each hold what the other waits for.
 */
async function takeLocks(deps: UpDeps, targets: readonly TunnelTarget[]): Promise<Array<{readonly lock: Lock; readonly began: Date}>> {
	const taken = async (target: TunnelTarget, wait: boolean) => {
		const lock = wait ? await acquireLock(deps, target.tunnel.name) : await deps.runtime.tryLock(target.tunnel.name);
		return {lock, began: deps.now()};
	};

	if (targets.length === 1) {
		return [await taken(targets[0]!, true)];
	}

	const tried = await Promise.all(targets.map(async target => taken(target, false)));
	if (tried.every(({lock}) => lock.kind === 'acquired')) {
		return tried;
	}

	await Promise.all(tried.map(async ({lock}) => lock.kind === 'acquired' && lock.release()));
	const inOrder = [...targets.keys()].sort((left, right) => (targets[left]!.tunnel.name < targets[right]!.tunnel.name ? -1 : 1));
	const waited: Array<{readonly lock: Lock; readonly began: Date}> = [];
	for (const index of inOrder) {
		waited[index] = await taken(targets[index]!, true);
	}

	return waited;
}

/** Waits (bounded) for a concurrent `up` of the same tunnel to finish. */
async function acquireLock(deps: UpDeps, name: string): Promise<Lock> {
	const deadline = deps.monotonic() + timeouts.startMs + 5000;
	let lock = await deps.runtime.tryLock(name);
	while (lock.kind === 'held' && deps.monotonic() < deadline) {
		await deps.sleep(100);
		lock = await deps.runtime.tryLock(name);
	}

	return lock;
}
