import {forwardsOf, tcpListensHere} from '../profile/forward.js';
import type {Listener} from '../net/listeners.js';
import {isShared} from '../tunnel/share.js';
import type {TunnelTarget} from '../tunnel/target.js';
import type {BindAddresses} from '../tunnel/bind.js';
import type {TunnelStatus} from '../tunnel/status.js';
import {resolveBinds} from './binds.js';
import {findTakenAddresses, type ListeningHere} from './holders.js';
import {findSocketFileProblems} from './socket-files.js';
import {startShared} from './up-shared.js';
import {observeBefore, underStartLocks} from './up-locks.js';
import {cleanUp, runMaster, startedResult, waitUntilSettled} from './up-start.js';
import type {UpDeps, UpOptions, UpResult} from './up-types.js';

export type {RemoteBindingOf, UpDeps, UpOptions, UpResult} from './up-types.js';

/** Starts one tunnel and verifies it: the master answers and holds every local listener. Leaves nothing behind on failure. */
export async function upTunnel(deps: UpDeps, target: TunnelTarget, options: UpOptions): Promise<UpResult> {
	const [result] = await underStartLocks(deps, [target], options, async ([locked]) => [await startLocked(deps, locked!, options)]);
	return result!;
}

/**
 * Starts shared tunnels that ride one master (the same ControlPath) together: one look before for
 * all, one master started when none answers, every forward opened on it, one verification. Each
 * tunnel keeps its own result, as if started alone.
 */
export async function upSharedGroup(deps: UpDeps, targets: readonly TunnelTarget[], options: UpOptions): Promise<UpResult[]> {
	return underStartLocks(deps, targets, options, async locked => {
		const binds = await resolveBinds(deps, locked.flatMap(target => tcpListensHere(target.tunnel)));
		const before = await observeBefore(deps, locked, binds, options.snapshot);
		// Who listens, read once for every tunnel's check (owners are looked up only on a clash).
		const listeners = await deps.listListeners({ownersAmong: []});
		const cleared = await Promise.all(locked.map(async (target, index) => clearToStart(deps, target, options, binds, before[index]!, listeners)));
		const going = locked.filter((_, index) => cleared[index] === 'clear');
		const started = going.length === 0 ? [] : await startShared(deps, going, options, binds);
		return cleared.map((result, index) => (result === 'clear' ? started[going.indexOf(locked[index]!)]! : result));
	});
}

async function startLocked(deps: UpDeps, target: TunnelTarget, options: UpOptions): Promise<UpResult> {
	// Bind names resolved once for the whole start: every look below sees the same addresses.
	const binds = await resolveBinds(deps, tcpListensHere(target.tunnel));
	const [before] = await observeBefore(deps, [target], binds, options.snapshot);
	const cleared = await clearToStart(deps, target, options, binds, before!);
	if (cleared !== 'clear') {
		return cleared;
	}

	if (isShared(target.tunnel)) {
		const [result] = await startShared(deps, [target], options, binds);
		return result!;
	}

	const started = deps.monotonic();
	const failed = await runMaster(deps, target, options, binds);
	if (failed !== undefined) {
		return failed;
	}

	const [after] = await waitUntilSettled(deps, [target], binds);
	if (after!.kind !== 'up') {
		await cleanUp(deps, target, binds);
		return {kind: 'unverified', status: after!};
	}

	return startedResult(deps, target, after!, started);
}

/**
 * What the look before a start allows: `clear` to start (or to repair a shared tunnel's lost forward
 * on its live master), or the result that refuses it. `listeners`: who listens, when the caller read
 * it for several tunnels.
 */
async function clearToStart(deps: UpDeps, target: TunnelTarget, options: UpOptions, binds: BindAddresses, before: TunnelStatus, listeners?: readonly Listener[]): Promise<UpResult | 'clear'> {
	switch (before.kind) {
		case 'up': {
			return {kind: 'already-up', pid: before.pid, forwards: before.forwards};
		}

		case 'stale': {
			// A socket file whose master is gone would make the new master run without one (ssh says
			// "already exists, disabling multiplexing"): remove it, but only when nothing else is there.
			if (isShared(target.tunnel) && before.reason === 'no-listener') {
				// A forward lost on a live shared master: opened again through the mux, no new connection.
				return 'clear';
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
	const taken = await findTakenAddresses(deps, here, target.tunnel.gateway, options.targets, binds, listeners);
	if (taken.length > 0) {
		return {kind: 'port-taken', taken};
	}

	const refusals = await findSocketFileProblems(deps, target.tunnel);
	return refusals.length > 0 ? {kind: 'socket-file', refusals} : 'clear';
}
