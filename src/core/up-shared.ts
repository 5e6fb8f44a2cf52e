import type {BindAddresses} from '../tunnel/bind.js';
import {masterOnly} from '../tunnel/share.js';
import type {TunnelTarget} from '../tunnel/target.js';
import {endIfCarriesNothing} from './down.js';
import {acquireSharedLock, closeForwards, openForwards} from './shared-master.js';
import {timeouts} from './timeouts.js';
import {observeOne, runMaster, startedResult, waitUntilSettled} from './up-start.js';
import type {UpDeps, UpOptions, UpResult} from './up-types.js';

/**
 * A shared tunnel: its master is started when none runs (with no forward of its own), then the
 * tunnel's forwards are added through the mux, all under the master's lock, so that two tunnels
 * never both start it and a `down` never ends it between the two steps.
 */
export async function startShared(deps: UpDeps, target: TunnelTarget, options: UpOptions, binds: BindAddresses): Promise<UpResult> {
	const started = deps.monotonic();
	const lock = await acquireSharedLock(deps, target);
	if (lock.kind === 'held') {
		return {kind: 'busy', pid: lock.pid};
	}

	try {
		const master = await deps.checkMaster(target.controlPath, timeouts.masterCheckMs);
		if (master.kind === 'timeout' || master.kind === 'not-a-master') {
			return {kind: 'unverified', status: await observeOne(deps, target, binds)};
		}

		if (master.kind !== 'alive') {
			if (master.kind === 'refused') {
				await deps.runtime.removeSocket(target.controlPath);
			}

			const failed = await runMaster(deps, {...target, tunnel: masterOnly(target.tunnel)}, options, binds);
			if (failed !== undefined) {
				return failed;
			}
		}

		const opened = await openForwards(deps, target);
		if (opened.kind === 'refused') {
			await endIfCarriesNothing(deps, target);
			await deps.runtime.writeFailure(target.tunnel.name, {at: deps.now().toISOString(), failure: opened.failure});
			return {kind: 'failed', failure: opened.failure, stderr: ''};
		}
	} finally {
		await lock.release();
	}

	const after = await waitUntilSettled(deps, target, binds);
	if (after.kind !== 'up') {
		await closeForwards(deps, target);
		return {kind: 'unverified', status: after};
	}

	await deps.runtime.writeCarrier(target.tunnel.name, {pid: after.pid, at: deps.now().toISOString()});
	return startedResult(deps, target, after, started);
}

