import {mapBounded} from '../bounded.js';
import {isShared} from '../tunnel/share.js';
import type {TunnelTarget} from '../tunnel/target.js';
import {upTunnel} from './up.js';
import {upSharedGroup} from './up-group.js';
import type {UpDeps, UpOptions, UpResult} from './up-types.js';

/**
 * The starts of one command: shared tunnels that ride one master (the same ControlPath) go
 * together, each other tunnel alone; as indexes into `targets`, in the order of their first tunnel.
 * Fifty shared tunnels started one by one each took the master's lock, looked, opened and verified
 * on their own: 16x one raw ssh (issue 17).
 */
export function startGroups(targets: readonly TunnelTarget[]): number[][] {
	const groups: number[][] = [];
	const byMaster = new Map<string, number[]>();
	for (const [index, target] of targets.entries()) {
		const group = isShared(target.tunnel) ? byMaster.get(target.controlPath) : undefined;
		if (group === undefined) {
			const fresh = [index];
			groups.push(fresh);
			if (isShared(target.tunnel)) {
				byMaster.set(target.controlPath, fresh);
			}
		} else {
			group.push(index);
		}
	}

	return groups;
}

/** Starts every target, at most `limit` groups at once; results in the order of `targets`. */
export async function upTunnels(deps: UpDeps, targets: readonly TunnelTarget[], options: UpOptions, limit: number): Promise<UpResult[]> {
	const results: UpResult[] = [];
	await mapBounded(startGroups(targets), limit, async group => {
		const members = group.map(index => targets[index]!);
		const started = members.length === 1 ? [await upTunnel(deps, members[0]!, options)] : await upSharedGroup(deps, members, options);
		for (const [position, index] of group.entries()) {
			results[index] = started[position]!;
		}
	});
	return results;
}
