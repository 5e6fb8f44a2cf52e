// The UI's profile between refreshes: parsed again only when the file changed.
import {stat} from 'node:fs/promises';
import {profilePath} from '../store/paths.js';
import {loadProfile, refuseDistrustedFiles, type GlobalOptions, type Io, type LoadedProfile} from './context.js';

/**
 * loadProfile for a refresh every 2 s: the last profile loaded, while the file is the same one
 * (device, inode, size, modification and change times to the nanosecond), else loaded again. A
 * parse of 200 tunnels cost more than the rest of a refresh's own work. The file is looked at
 * before it is read, so a change during a load is seen by the next one. The ssh program and config
 * are checked every time, as loadProfile does: they are other files.
 */
export function rememberedProfile(io: Io, globals: GlobalOptions): () => Promise<LoadedProfile> {
	let last: {readonly identity: string; readonly loaded: LoadedProfile} | undefined;
	return async () => {
		const identity = await fileIdentity(profilePath({flag: globals.config, env: io.env, home: io.home, cwd: io.cwd}));
		if (identity !== undefined && last?.identity === identity) {
			await refuseDistrustedFiles(io, last.loaded.ssh);
			return last.loaded;
		}

		last = undefined;
		const loaded = await loadProfile(io, globals);
		last = identity === undefined ? undefined : {identity, loaded};
		return loaded;
	};
}

async function fileIdentity(file: string): Promise<string | undefined> {
	const found = await stat(file, {bigint: true}).catch(() => undefined);
	return found === undefined ? undefined : `${found.dev}:${found.ino}:${found.size}:${found.mtimeNs}:${found.ctimeNs}`;
}
