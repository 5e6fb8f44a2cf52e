import {tcpListensHere} from '../profile/forward.js';
import {isShared} from '../tunnel/share.js';
import type {TunnelTarget} from '../tunnel/target.js';
import {resolveBinds} from './binds.js';
import {allBindable} from './holders.js';
import {clearToStart, listeningHere} from './up-checks.js';
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

async function startLocked(deps: UpDeps, target: TunnelTarget, options: UpOptions): Promise<UpResult> {
	// Bind names resolved once for the whole start: every look below sees the same addresses.
	const binds = await resolveBinds(deps, tcpListensHere(target.tunnel));
	// Asked of the kernel first: when every port binds, neither the look nor the ports' check reads
	// who listens (~6.5 ms, holders.ts). A shared tunnel's master runs: its listeners would be read.
	const portsFree = options.snapshot === undefined && await allBindable(deps, listeningHere(target.tunnel), target.tunnel.gateway, binds);
	const before = await observeBefore(deps, [target], binds, options.snapshot, {portsFree});
	const cleared = await clearToStart(deps, target, options, binds, before.statuses[0]!, before.listening);
	if (cleared !== 'clear') {
		return cleared;
	}

	if (isShared(target.tunnel)) {
		const [result] = await startShared(deps, [target], options, binds);
		return result!;
	}

	const started = deps.monotonic();
	const failed = await runMaster(deps, target, options, binds, [target.tunnel.name]);
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
