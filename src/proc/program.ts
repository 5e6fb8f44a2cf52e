// Whether a process runs the program its argv[0] names. argv[0] is whatever the starter chose
// (`exec -a ssh sleep 60`); /proc/PID/exe is the file the kernel runs.
import {constants} from 'node:fs';
import {access, readlink, realpath} from 'node:fs/promises';
import path from 'node:path';
import type {ProgramMatch} from './types.js';

/**
 * 'as-named' when argv[0] has the executable's basename, or resolves (against the process's working
 * directory when it holds a `/`, else along our PATH) to the executable itself, through symlinks:
 * `ssh` run through a link to `ssh-9.6` is as named. 'unknown' without an exe or an argv[0].
 */
export async function programMatch(pid: number, argv0: string | undefined, exe: string | undefined): Promise<ProgramMatch> {
	if (exe === undefined || argv0 === undefined || argv0 === '') {
		return 'unknown';
	}

	if (path.basename(argv0) === path.basename(exe)) {
		return 'as-named';
	}

	const resolved = await resolveProgram(pid, argv0);
	return resolved !== undefined && resolved === await realpath(exe).catch(() => exe) ? 'as-named' : 'other';
}

async function resolveProgram(pid: number, argv0: string): Promise<string | undefined> {
	if (argv0.includes('/')) {
		const cwd = path.isAbsolute(argv0) ? '/' : await readlink(`/proc/${pid}/cwd`).catch(() => undefined);
		return cwd === undefined ? undefined : realpath(path.resolve(cwd, argv0)).catch(() => undefined);
	}

	for (const directory of (process.env['PATH'] ?? '').split(':').filter(entry => path.isAbsolute(entry))) {
		const candidate = path.join(directory, argv0);
		if (await access(candidate, constants.X_OK).then(() => true, () => false)) {
			return realpath(candidate).catch(() => undefined);
		}
	}

	return undefined;
}
