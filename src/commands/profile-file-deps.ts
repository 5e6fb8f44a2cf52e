import type {ConfigImportDeps} from '../core/import.js';
import {querySsh} from '../proc/ssh.js';
import {writeProfileText} from '../store/profile-file.js';
import {loadProfile, type GlobalOptions, type Io} from './context.js';

/** The real effects of import and init: the profile file read and validated as every command reads it, its one writer, `ssh -G`. */
export function profileFileDeps(io: Io, globals: GlobalOptions): ConfigImportDeps {
	return {
		uid: io.uid,
		cwd: io.cwd,
		readProfile: async () => loadProfile(io, globals),
		writeProfile: writeProfileText,
		querySsh,
	};
}
