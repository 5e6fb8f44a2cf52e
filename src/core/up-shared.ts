import type {BindAddresses} from '../tunnel/bind.js';
import {masterOnly} from '../tunnel/share.js';
import type {TunnelTarget} from '../tunnel/target.js';
import {endIfCarriesNothing} from './down.js';
import {observeTunnels} from './observe.js';
import {acquireSharedLock, closeForwards, openForwards} from './shared-master.js';
import {timeouts} from './timeouts.js';
import {runMaster, startedResult, waitUntilSettled} from './up-start.js';
import type {UpDeps, UpOptions, UpResult} from './up-types.js';

/**
 * Shared tunnels of one master (one ControlPath): the master is started when none runs (with no
 * forward of its own), then each tunnel's forwards are added through the mux, all under the master's
 * lock, so that two starts never both start it and a `down` never ends it between the two steps.
 * One verification for all of them; each tunnel keeps its own result, in the order of `targets`.
 */
export async function startShared(deps: UpDeps, targets: readonly TunnelTarget[], options: UpOptions, binds: BindAddresses): Promise<UpResult[]> {
	const started = deps.monotonic();
	const first = targets[0]!;
	const lock = await acquireSharedLock(deps, first);
	if (lock.kind === 'held') {
		return targets.map(() => ({kind: 'busy', pid: lock.pid}));
	}

	const results: Array<UpResult | undefined> = targets.map(() => undefined);
	try {
		const master = await deps.checkMaster(first.controlPath, timeouts.masterCheckMs);
		if (master.kind === 'timeout' || master.kind === 'not-a-master') {
			const observed = await observeTunnels(deps, targets, {binds, holdsStartLocks: true});
			return observed.tunnels.map(({status}) => ({kind: 'unverified', status}));
		}

		if (master.kind !== 'alive') {
			if (master.kind === 'refused') {
				await deps.runtime.removeSocket(first.controlPath);
			}

			// Started for all of them, in the log of the first: its failure is each one's.
			const failed = await runMaster(deps, {...first, tunnel: masterOnly(first.tunnel)}, options, binds);
			if (failed !== undefined) {
				if (failed.kind === 'failed') {
					await Promise.all(targets.slice(1).map(async target => deps.runtime.writeFailure(target.tunnel.name, {at: deps.now().toISOString(), failure: failed.failure})));
				}

				return targets.map(() => failed);
			}
		}

		// One connection, one tunnel after another: a forward refused is closed before the next tunnel's are asked for.
		await deps.requestForwards(first.controlPath, timeouts.forwardRequestMs, async ask => {
			for (const [index, target] of targets.entries()) {
				const opened = await openForwards(ask, target);
				if (opened.kind === 'refused') {
					await deps.runtime.writeFailure(target.tunnel.name, {at: deps.now().toISOString(), failure: opened.failure});
					results[index] = {kind: 'failed', failure: opened.failure, stderr: ''};
				}
			}
		});

		if (results.some(result => result !== undefined)) {
			await endIfCarriesNothing(deps, first);
		}
	} finally {
		await lock.release();
	}

	const pending = targets.filter((_, index) => results[index] === undefined);
	const after = pending.length === 0 ? [] : await waitUntilSettled(deps, pending, binds);
	const unverified = pending.filter((_, index) => after[index]!.kind !== 'up');
	if (unverified.length > 0) {
		await deps.requestForwards(first.controlPath, timeouts.forwardRequestMs, async ask => {
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
		return startedResult(deps, target, status, started);
	}));
}
