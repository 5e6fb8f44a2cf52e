import type {Deps} from '../core/deps.js';
import {systemDeps, type SocketPlace, type SystemOptions} from '../core/system.js';

/**
 * The real effects of a command that looks at or acts on tunnels, once the runtime directory is
 * known to be the user's own (or not made yet): a directory another user made, or a symlink, is
 * refused before any socket in it is trusted.
 */
export async function checkedDeps(place: SocketPlace, uid: number, options: SystemOptions = {}): Promise<Deps> {
	const deps = systemDeps(place, uid, options);
	await deps.runtime.checkDirectory();
	return deps;
}
