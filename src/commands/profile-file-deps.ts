import type {ConfigImportDeps} from '../core/import.js';
import type {ProfileFile} from '../core/profile-file.js';
import {timeouts} from '../core/timeouts.js';
import {isStillRunning, ownIdentity} from '../proc/identity.js';
import {querySsh} from '../proc/ssh.js';
import {profilePath} from '../store/paths.js';
import {lockProfileFile, writeProfileText, type ProfileText} from '../store/profile-file.js';
import {loadProfile, type GlobalOptions, type Io} from './context.js';

/** The real effects of import and init: the profile file read and validated as every command reads it, its one writer, `ssh -G`. */
export function profileFileDeps(io: Io, globals: GlobalOptions): ConfigImportDeps {
	const readProfile = async (): Promise<ProfileFile> => loadProfile(io, globals);
	return {
		uid: io.uid,
		cwd: io.cwd,
		readProfile,
		async updateProfile(change) {
			const file = profilePath({flag: globals.config, env: io.env, home: io.home, cwd: io.cwd});
			const release = await lockProfileFile(file, {self: ownIdentity, alive: isStillRunning}, timeouts.profileLockMs);
			try {
				const current = await readProfile();
				const decision = change(current);
				if (decision.kind === 'write') {
					await writeProfileText(current.path, decision.text, current.text);
				}

				return decision.result;
			} finally {
				await release();
			}
		},
		querySsh,
	};
}

/**
 * Replaces the whole text of the profile file (`tunnels edit`), through the same lock and writer as
 * every change, without validating the file as it is: a broken file is what one edits to mend.
 * The file changed since `expected` was read: nothing is written (writeProfileText refuses).
 */
export async function replaceProfileText(io: Io, globals: GlobalOptions, expected: ProfileText, text: string): Promise<void> {
	const file = profilePath({flag: globals.config, env: io.env, home: io.home, cwd: io.cwd});
	const release = await lockProfileFile(file, {self: ownIdentity, alive: isStillRunning}, timeouts.profileLockMs);
	try {
		await writeProfileText(file, text, expected);
	} finally {
		await release();
	}
}
