// Who keeps each tunnel up: the live holder of its watch lock and the kind of keeper it recorded.
import {mapBounded} from '../bounded.js';
import type {Keeper} from '../store/lock.js';
import type {TunnelTarget} from '../tunnel/target.js';
import type {Needs} from './deps.js';

export type KeepersDeps = Needs<never, 'watchKeeper' | 'recordsPresent'>;

/** Lock files open at once: as observe reads its records, 64 at a time. */
const readAtOnce = 64;

/** Each target's keeper, in order; undefined where no live keeper holds its watch lock. */
export async function readKeepers(deps: KeepersDeps, targets: readonly TunnelTarget[]): Promise<Array<Keeper | undefined>> {
	const present = await deps.runtime.recordsPresent();
	return mapBounded(targets, readAtOnce, async target => (present('watch-lock', target.tunnel.name) ? deps.runtime.watchKeeper(target.tunnel.name) : undefined));
}
