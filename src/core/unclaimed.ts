// A shared master that carries no tunnel of the profile: ours, still connected, and seen by nothing
// else, since every tunnel that could ride it reads down (issue 17).
import {isShared} from '../tunnel/share.js';
import type {TunnelStatus} from '../tunnel/status.js';
import type {TunnelTarget} from '../tunnel/target.js';
import type {Needs} from './deps.js';
import type {SshProcess} from './observe-index.js';
import {sharedLockName} from './shared-master.js';

/**
 * The masters of the profile's shared control paths that no tunnel's status names (none up, stale
 * or starting on them): their tunnels were taken out of the file while they ran, or a start ended
 * between the master and its first forward. One whose lock is held is left out: a start or a stop of
 * it is under way, and its tunnels are not added yet or already closed.
 */
export async function unclaimedSharedMasters(deps: Needs<never, 'startHolder'>, targets: readonly TunnelTarget[], statuses: readonly TunnelStatus[], mastersByPath: ReadonlyMap<string, readonly SshProcess[]>): Promise<SshProcess[]> {
	const claimed = new Set(statuses.flatMap(status => claimedPids(status)));
	const shared = new Map(targets.filter(target => isShared(target.tunnel)).map(target => [target.controlPath, target]));
	const unclaimed = await Promise.all([...shared].map(async ([controlPath, target]) => {
		const masters = (mastersByPath.get(controlPath) ?? []).filter(({process}) => !claimed.has(process.pid));
		return masters.length === 0 || await deps.runtime.startHolder(sharedLockName(target)) !== undefined ? [] : masters;
	}));
	return unclaimed.flat();
}

function claimedPids(status: TunnelStatus): readonly number[] {
	switch (status.kind) {
		case 'up':
		case 'starting': {
			return [status.pid];
		}

		case 'stale': {
			return status.pids;
		}

		case 'down':
		case 'failed': {
			return [];
		}
	}
}
