// Whose an ssh tunnel outside this profile is. Pure: read from its command line alone.
import path from 'node:path';
import type {StrayTunnel} from '../core/observe.js';

/**
 * `other-profile`: a master of this tool started from another profile file. Each profile file has
 * its own socket directory named by 8 hex digits of a hash of the file's path
 * (mux/control-path.ts socketDirectoryPath), so a master whose ControlPath sits in such a directory
 * that is not this profile's is one. `orphan` and `outside` as observe found them.
 */
export type StrayKind = 'orphan' | 'other-profile' | 'outside';

export function strayKind(stray: StrayTunnel): StrayKind {
	if (stray.origin === 'orphan') {
		return 'orphan';
	}

	const {controlPath, master} = stray.view;
	return master && controlPath !== undefined && /^[\da-f]{8}$/.test(path.basename(path.dirname(controlPath))) ? 'other-profile' : 'outside';
}
