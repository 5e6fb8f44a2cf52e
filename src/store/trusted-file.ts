import fs from 'node:fs/promises';
import type {FileType} from './regular-file.js';

// A program or ssh config file that tunnels hands to ssh is checked as the profile file is: ssh runs
// the one and obeys the other (`Match exec`), so whoever could write it could run anything as us.
// ssh itself checks only ~/.ssh/config's permissions, never a file given with -F (issue 13, item 1).

/** Why a file is not trusted to run programs from; none when it is. */
export type Distrust =
	| {readonly kind: 'not-regular'; readonly type: FileType}
	| {readonly kind: 'writable'; readonly by: 'group' | 'everyone'}
	| {readonly kind: 'foreign-owner'; readonly uid: number};

/**
 * A regular file (through symlinks), owned by `uid` or root, that neither group nor others may write.
 * A path that does not exist or cannot be looked at is left to ssh, which says so itself.
 */
export async function distrustOf(file: string, uid: number | undefined): Promise<Distrust | undefined> {
	const stat = await fs.stat(file).catch(() => undefined);
	if (stat === undefined) {
		return undefined;
	}

	if (!stat.isFile()) {
		return {kind: 'not-regular', type: stat.isDirectory() ? 'directory' : stat.isFIFO() ? 'fifo' : stat.isCharacterDevice() ? 'character-device' : stat.isBlockDevice() ? 'block-device' : stat.isSocket() ? 'socket' : 'other'};
	}

	if ((stat.mode & 0o022) !== 0) {
		return {kind: 'writable', by: (stat.mode & 0o002) === 0 ? 'group' : 'everyone'};
	}

	return uid !== undefined && stat.uid !== uid && stat.uid !== 0 ? {kind: 'foreign-owner', uid: stat.uid} : undefined;
}
