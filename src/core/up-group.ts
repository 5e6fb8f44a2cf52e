import {tcpListensHere} from '../profile/forward.js';
import type {TunnelTarget} from '../tunnel/target.js';
import {resolveBinds} from './binds.js';
import {endIfCarriesNothing} from './down.js';
import {mastersOf} from './observe.js';
import {clearToStart, placesFree} from './up-checks.js';
import {observeBefore, underStartLocks} from './up-locks.js';
import {finishShared, lockSharedMaster, masterTarget} from './up-shared.js';
import {prepareMaster} from './up-start.js';
import type {UpDeps, UpOptions, UpResult} from './up-types.js';

/**
 * Starts shared tunnels that ride one master (the same ControlPath) together: their locks, one look
 * for all, one master started when none answers, every forward opened on it over one connection,
 * one verification. Each tunnel keeps its own result, as if started alone.
 *
 * When nothing of the master is there (no socket or a dead one, no process of it in the command's
 * snapshot) and nobody is asked anything (batch), the master's ssh starts at once and the tunnels'
 * checks run while it authenticates: it binds nothing itself, so no check can be undone by it, and
 * each tunnel's look can only be down or failed (tunnel/status.ts), both clear to start. If every
 * tunnel is then refused, the master carries nothing and is ended; its failure, if it failed, is
 * nobody's. With a person to ask, the tunnels are checked first: nobody is asked for nothing.
 */
export async function upSharedGroup(deps: UpDeps, targets: readonly TunnelTarget[], options: UpOptions): Promise<UpResult[]> {
	return underStartLocks(deps, targets, options, async locked => {
		const first = locked[0]!;
		const binds = await resolveBinds(deps, locked.flatMap(target => tcpListensHere(target.tunnel)));
		const start = await lockSharedMaster(deps, first);
		if ('pid' in start) {
			return locked.map(() => ({kind: 'busy', pid: start.pid}));
		}

		const early = options.prompt.kind === 'none' && options.snapshot !== undefined
			&& (start.master.kind === 'missing' || start.master.kind === 'refused') && mastersOf(options.snapshot.ssh, first.controlPath).length === 0;
		if (early && start.master.kind === 'refused') {
			// A dead master's socket: the new one could not listen there (design.md).
			await deps.runtime.removeSocket(first.controlPath);
		}

		// Spawned before the checks begin: their reads of /proc block the event loop.
		const prepared = early ? await prepareMaster(deps, masterTarget(first), options, binds, []) : undefined;
		const running = prepared === undefined ? undefined : 'launch' in prepared ? prepared.launch() : Promise.resolve(prepared);
		let cleared: Array<UpResult | 'clear'>;
		try {
			const before = early ? undefined : await observeBefore(deps, locked, binds, options.snapshot);
			// Who listens, read once for every tunnel's check (owners are looked up only on a clash).
			const listeners = before?.listening ?? await deps.listListeners({ownersAmong: []});
			cleared = await Promise.all(locked.map(async (target, index) => (before === undefined
				? placesFree(deps, target, options, binds, listeners)
				: clearToStart(deps, target, options, binds, before.statuses[index]!, listeners))));
		} catch (error) {
			await running;
			await start.lock.release();
			throw error;
		}

		const going = locked.filter((_, index) => cleared[index] === 'clear');
		if (going.length === 0) {
			if (running !== undefined && await running === undefined) {
				await endIfCarriesNothing(deps, first);
			}

			await start.lock.release();
			// Every tunnel was refused: none is `clear`.
			return cleared.flatMap(result => (result === 'clear' ? [] : [result]));
		}

		const started = await finishShared(deps, going, options, binds, running === undefined ? start : {...start, running});
		return cleared.map((result, index) => (result === 'clear' ? started[going.indexOf(locked[index]!)]! : result));
	});
}
