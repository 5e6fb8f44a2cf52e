// The checks before a start: what the look at the tunnel allows, and whether the places it would
// listen on are free.
import type {Listener} from '../net/listeners.js';
import {forwardsOf} from '../profile/forward.js';
import type {BindAddresses} from '../tunnel/bind.js';
import {isShared} from '../tunnel/share.js';
import type {TunnelStatus} from '../tunnel/status.js';
import type {TunnelTarget} from '../tunnel/target.js';
import {findTakenAddresses, type ListeningHere} from './holders.js';
import {findSocketFileProblems} from './socket-files.js';
import type {UpDeps, UpOptions, UpResult} from './up-types.js';

/**
 * What the look before a start allows: `clear` to start (or to repair a shared tunnel's lost forward
 * on its live master), or the result that refuses it. `listeners`: who listens, when the caller read
 * it for several tunnels.
 */
export async function clearToStart(deps: UpDeps, target: TunnelTarget, options: UpOptions, binds: BindAddresses, before: TunnelStatus, listeners?: readonly Listener[]): Promise<UpResult | 'clear'> {
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

	return placesFree(deps, target, options, binds, listeners);
}

/** The tunnel's forwards that listen on this machine: -L and -D. */
export function listeningHere(tunnel: TunnelTarget['tunnel']): ListeningHere[] {
	return forwardsOf(tunnel).filter((entry): entry is ListeningHere => entry.kind !== 'remote');
}

/** Every port and socket path the tunnel listens on here is free and usable; otherwise the refusal. */
export async function placesFree(deps: UpDeps, target: TunnelTarget, options: UpOptions, binds: BindAddresses, listeners?: readonly Listener[]): Promise<UpResult | 'clear'> {
	const taken = await findTakenAddresses(deps, listeningHere(target.tunnel), target.tunnel.gateway, options.targets, binds, listeners);
	if (taken.length > 0) {
		return {kind: 'port-taken', taken};
	}

	const refusals = await findSocketFileProblems(deps, target.tunnel);
	return refusals.length > 0 ? {kind: 'socket-file', refusals} : 'clear';
}
