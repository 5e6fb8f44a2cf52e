import {randomBytes} from 'node:crypto';
import {closeSync, constants, fstatSync, openSync, readFileSync} from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import {checkRuntimeDirectory} from './runtime.js';

// The file of profile/parse-cache.ts: one per profile file, `.state/profile-cache.json` in the
// profile's own runtime directory (0700, ours: store/runtime.ts). Whatever goes wrong reading or
// writing it is a miss, never an error: the profile is then parsed as if there were no cache.

const cacheName = 'profile-cache.json';

/** Far beyond the entry of any profile this tool reads (the text is bounded at 64 MiB, and held here with its parse). */
const maxCacheBytes = 256 * 1024 * 1024;

export type CacheLocation = {
	readonly directory: string;
	readonly base: string;
	readonly uid: number;
};

/**
 * The cache file's content; undefined when the runtime directory is not ours alone, or the file is
 * missing, not a regular file (a symlink is not followed), not ours, open to others, or too large.
 */
export async function readProfileCache({directory, base, uid}: CacheLocation): Promise<string | undefined> {
	try {
		await checkRuntimeDirectory(directory, base, uid);
		// Synchronous, as the profile is read (store/regular-file.ts): this is the way of every command.
		const descriptor = openSync(cachePath(directory), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
		try {
			const stat = fstatSync(descriptor);
			if (!stat.isFile() || stat.uid !== uid || (stat.mode & 0o077) !== 0 || stat.size > maxCacheBytes) {
				return undefined;
			}

			return readFileSync(descriptor, 'utf8');
		} finally {
			closeSync(descriptor);
		}
	} catch {
		return undefined;
	}
}

/**
 * Replaces the cache file (a temporary file beside it, renamed over it: a reader sees the old entry
 * or the new one, never half of one). Only into a runtime directory that exists and is ours: a
 * command that only reads makes no directory for it. A failure leaves no temporary file behind.
 */
export async function writeProfileCache({directory, base, uid}: CacheLocation, content: string): Promise<void> {
	const state = path.join(directory, '.state');
	const temporary = path.join(state, `${cacheName}.${randomBytes(4).toString('hex')}.tmp`);
	try {
		await checkRuntimeDirectory(directory, base, uid);
		const stat = await fs.lstat(state);
		if (!stat.isDirectory() || stat.uid !== uid) {
			return;
		}

		await fs.writeFile(temporary, content, {mode: 0o600, flag: 'wx'});
		await fs.rename(temporary, cachePath(directory));
	} catch {
		await fs.rm(temporary, {force: true}).catch(() => undefined);
	}
}

function cachePath(directory: string): string {
	return path.join(directory, '.state', cacheName);
}
