// Finds a program the way `command -v` does, for files that name it by absolute path (a systemd
// unit, a launchd plist): their supervisor has its own PATH, not the user's.
import {constants} from 'node:fs';
import {access, stat} from 'node:fs/promises';
import path from 'node:path';

/**
 * The absolute path of `program`: a name with a `/` is resolved against `cwd`, a bare name is looked
 * up in each directory of `searchPath` (an empty entry is the working directory, as in sh). Undefined
 * when no executable file is found.
 */
export async function findExecutable(program: string, searchPath: string | undefined, cwd: string): Promise<string | undefined> {
	const candidates = program.includes('/')
		? [path.resolve(cwd, program)]
		: (searchPath ?? '').split(':').map(directory => path.resolve(cwd, directory, program));
	for (const candidate of candidates) {
		if (await isExecutableFile(candidate)) {
			return candidate;
		}
	}

	return undefined;
}

async function isExecutableFile(file: string): Promise<boolean> {
	try {
		await access(file, constants.X_OK);
		return (await stat(file)).isFile();
	} catch {
		return false;
	}
}
