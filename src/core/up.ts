import {forwardsOf, tcpListensHere} from '../profile/forward.js';
import type {Lock} from '../store/lock.js';
import {isShared} from '../tunnel/share.js';
import type {TunnelTarget} from '../tunnel/target.js';
import type {BindAddresses} from '../tunnel/bind.js';
import type {TunnelStatus} from '../tunnel/status.js';
import {resolveBinds} from './binds.js';
import type {Needs} from './deps.js';
import {findTakenAddresses, type ListeningHere} from './holders.js';
import type {ObserveDeps, Snapshot} from './observe.js';
import {findSocketFileProblems} from './socket-files.js';
import {timeouts} from './timeouts.js';
import {startShared} from './up-shared.js';
import {cleanUp, observeOne, runMaster, startedResult, waitUntilSettled} from './up-start.js';
import type {UpDeps, UpOptions, UpResult} from './up-types.js';

export type {RemoteBindingOf, UpDeps, UpOptions, UpResult} from './up-types.js';

/** Starts one tunnel and verifies it: the master answers and holds every local listener. Leaves nothing behind on failure. */
export async function upTunnel(deps: UpDeps, target: TunnelTarget, options: UpOptions): Promise<UpResult> {
	await deps.runtime.ensureDirectory();
	if (options.clearsStop) {
		await deps.runtime.clearStopped(target.tunnel.name);
	}

	const lock = await acquireLock(deps, target.tunnel.name);
	if (lock.kind === 'held') {
		return {kind: 'busy', pid: lock.pid};
	}

	// A stop from the moment this start holds the lock wins over it, whenever it comes (issue 13,
	// item 7); an earlier one took the lock first (`down` holds it while it stops) and is over.
	const began = deps.now();
	try {
		const stopped = await stopSince(deps, target, began);
		if (stopped !== undefined) {
			return stopped;
		}

		const result = await startLocked(deps, target, options);
		// Checked again with the lock still held: a `down` that came meanwhile waits for the lock, or
		// gave up waiting (a start at a prompt) and relies on this.
		if (result.kind === 'started') {
			const stop = await stopSince(deps, target, began);
			if (stop !== undefined) {
				await cleanUp(deps, target, await resolveBinds(deps, tcpListensHere(target.tunnel)));
				return stop;
			}
		}

		return result;
	} finally {
		await lock.release();
	}
}

async function startLocked(deps: UpDeps, target: TunnelTarget, options: UpOptions): Promise<UpResult> {
	// Bind names resolved once for the whole start: every look below sees the same addresses.
	const binds = await resolveBinds(deps, tcpListensHere(target.tunnel));
	const before = await observeBefore(deps, target, binds, options.snapshot);
	switch (before.kind) {
		case 'up': {
			return {kind: 'already-up', pid: before.pid, forwards: before.forwards};
		}

		case 'stale': {
			// A socket file whose master is gone would make the new master run without one (ssh says
			// "already exists, disabling multiplexing"): remove it, but only when nothing else is there.
			if (isShared(target.tunnel) && before.reason === 'no-listener') {
				// A forward lost on a live shared master: opened again through the mux, no new connection.
				return startShared(deps, target, options, binds);
			}

			if (before.reason !== 'socket-refused' || before.pids.length > 0) {
				return {kind: 'stale', status: before};
			}

			// A shared master's socket is removed under the master's lock (up-shared.ts): another tunnel may be starting it.
			if (!isShared(target.tunnel)) {
				await deps.runtime.removeSocket(target.controlPath);
			}

			break;
		}

		case 'starting': {
			return {kind: 'busy', pid: before.pid};
		}

		case 'down':
		case 'failed': {
			break;
		}
	}

	const here = forwardsOf(target.tunnel).filter((entry): entry is ListeningHere => entry.kind !== 'remote');
	const taken = await findTakenAddresses(deps, here, target.tunnel.gateway, options.targets, binds);
	if (taken.length > 0) {
		return {kind: 'port-taken', taken};
	}

	const refusals = await findSocketFileProblems(deps, target.tunnel);
	if (refusals.length > 0) {
		return {kind: 'socket-file', refusals};
	}

	if (isShared(target.tunnel)) {
		return startShared(deps, target, options, binds);
	}

	const started = deps.monotonic();
	const failed = await runMaster(deps, target, options, binds);
	if (failed !== undefined) {
		return failed;
	}

	const after = await waitUntilSettled(deps, target, binds);
	if (after.kind !== 'up') {
		await cleanUp(deps, target, binds);
		return {kind: 'unverified', status: after};
	}

	return startedResult(deps, target, after, started);
}

/**
 * The look before a start. The command's snapshot is older than this tunnel's lock: it is trusted
 * only when it shows nothing of the tunnel (its socket is checked afresh anyway); anything else is
 * looked at again.
 */
async function observeBefore(deps: ObserveDeps, target: TunnelTarget, binds: BindAddresses, snapshot: Snapshot | undefined): Promise<TunnelStatus> {
	if (snapshot !== undefined) {
		const status = await observeOne(deps, target, binds, snapshot);
		if (status.kind === 'down' || status.kind === 'failed') {
			return status;
		}
	}

	return observeOne(deps, target, binds);
}

/** A person's stop of the tunnel recorded at or after `since`. */
async function stopSince(deps: Needs<never, 'readStopped'>, target: TunnelTarget, since: Date): Promise<Extract<UpResult, {kind: 'stopped'}> | undefined> {
	const stop = await deps.runtime.readStopped(target.tunnel.name);
	return stop !== undefined && Date.parse(stop.at) >= since.getTime() ? {kind: 'stopped', stop} : undefined;
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
