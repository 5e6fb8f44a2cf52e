import type {MasterCheck} from '../mux/client.js';
import type {Lock} from '../store/lock.js';
import type {BindAddresses} from '../tunnel/bind.js';
import {masterOnly} from '../tunnel/share.js';
import type {TunnelTarget} from '../tunnel/target.js';
import {observeTunnels} from './observe.js';
import {acquireSharedLock, closeForwards, openForwards} from './shared-master.js';
import {endIfCarriesNothing} from './down.js';
import {timeouts} from './timeouts.js';
import {recordFailure, runMaster, startedResult, waitUntilSettled} from './up-start.js';
import type {UpDeps, UpOptions, UpResult} from './up-types.js';

/** A shared start under the master's lock: what answered on its socket once the lock was taken, and the master's start when already under way. */
export type SharedStart = {
	readonly lock: Extract<Lock, {kind: 'acquired'}>;
	/** when the start began, for `elapsedMs` */
	readonly began: number;
	readonly master: MasterCheck;
	/** the master's `ssh -f -N` started before the tunnels' checks (up-group.ts), recording no failure */
	readonly running?: Promise<Extract<UpResult, {kind: 'failed'}> | undefined>;
};

/** Takes the shared master's lock (bounded wait) and looks at its socket; the holder when another start held it too long. */
export async function lockSharedMaster(deps: UpDeps, first: TunnelTarget): Promise<SharedStart | {readonly kind: 'held'; readonly pid: number}> {
	const began = deps.monotonic();
	const lock = await acquireSharedLock(deps, first);
	if (lock.kind === 'held') {
		return lock;
	}

	return {lock, began, master: await deps.checkMaster(first.controlPath, timeouts.masterCheckMs)};
}

/** The tunnel as its shared master is started: the connection alone, in the log of the tunnel that starts it. */
export function masterTarget(first: TunnelTarget): TunnelTarget {
	return {...first, tunnel: masterOnly(first.tunnel)};
}

/**
 * Shared tunnels of one master (one ControlPath): the master is started when none runs (with no
 * forward of its own), then each tunnel's forwards are added through the mux, all under the master's
 * lock, so that two starts never both start it and a `down` never ends it between the two steps.
 * One verification for all of them; each tunnel keeps its own result, in the order of `targets`.
 */
export async function startShared(deps: UpDeps, targets: readonly TunnelTarget[], options: UpOptions, binds: BindAddresses): Promise<UpResult[]> {
	const locked = await lockSharedMaster(deps, targets[0]!);
	if ('pid' in locked) {
		return targets.map(() => ({kind: 'busy', pid: locked.pid}));
	}

	return finishShared(deps, targets, options, binds, locked);
}

/** The rest of a shared start, once the master's lock is held (released here). */
export async function finishShared(deps: UpDeps, targets: readonly TunnelTarget[], options: UpOptions, binds: BindAddresses, start: SharedStart): Promise<UpResult[]> {
	const first = targets[0]!;
	const results: Array<UpResult | undefined> = targets.map(() => undefined);
	try {
		const {master} = start;
		if (master.kind === 'timeout' || master.kind === 'not-a-master') {
			const observed = await observeTunnels(deps, targets, {binds, holdsStartLocks: true});
			return observed.tunnels.map(({status}) => ({kind: 'unverified', status}));
		}

		if (master.kind !== 'alive') {
			// (A master started early removed a dead socket itself: up-group.ts.)
			if (start.running === undefined && master.kind === 'refused') {
				await deps.runtime.removeSocket(first.controlPath);
			}

			// Started for all of them: its failure is each one's.
			const names = targets.map(target => target.tunnel.name);
			const failed = start.running === undefined ? await runMaster(deps, masterTarget(first), options, binds, names) : await start.running;
			if (failed !== undefined) {
				if (start.running !== undefined) {
					await recordFailure(deps, names, failed.failure);
				}

				return targets.map(() => failed);
			}
		}

		// Every tunnel's forwards on one connection.
		const opened = await deps.requestForwards(first.controlPath, timeouts.forwardRequestMs, async ask => openForwards(ask, targets));
		await Promise.all(targets.map(async (target, index) => {
			const outcome = opened[index]!;
			if (outcome.kind === 'refused') {
				await deps.runtime.writeFailure(target.tunnel.name, {at: deps.now().toISOString(), failure: outcome.failure});
				results[index] = {kind: 'failed', failure: outcome.failure, stderr: ''};
			}
		}));
		if (results.some(result => result !== undefined)) {
			await endIfCarriesNothing(deps, first);
		}
	} finally {
		await start.lock.release();
	}

	return verifyShared(deps, targets, binds, results, start.began);
}

/** One verification of the tunnels whose forwards were opened; a tunnel not up has its forwards closed again. */
async function verifyShared(deps: UpDeps, targets: readonly TunnelTarget[], binds: BindAddresses, results: ReadonlyArray<UpResult | undefined>, began: number): Promise<UpResult[]> {
	const pending = targets.filter((_, index) => results[index] === undefined);
	const after = pending.length === 0 ? [] : await waitUntilSettled(deps, pending, binds);
	const unverified = pending.filter((_, index) => after[index]!.kind !== 'up');
	if (unverified.length > 0) {
		await deps.requestForwards(targets[0]!.controlPath, timeouts.forwardRequestMs, async ask => {
			for (const target of unverified) {
				await closeForwards(ask, target);
			}
		});
	}

	return Promise.all(targets.map(async (target, index) => {
		const status = after[pending.indexOf(target)];
		if (results[index] !== undefined || status === undefined) {
			return results[index]!;
		}

		if (status.kind !== 'up') {
			return {kind: 'unverified', status};
		}

		await deps.runtime.writeCarrier(target.tunnel.name, {pid: status.pid, at: deps.now().toISOString()});
		return startedResult(deps, target, status, began);
	}));
}
