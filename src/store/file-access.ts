import {constants} from 'node:fs';
import {access, stat} from 'node:fs/promises';

/** Whether ssh can read a file it is told to read. */
export type FileAccess = 'readable' | 'missing' | 'not-a-file' | 'unreadable';

/** Looks at a path the way ssh will open it: a regular file (through symlinks) that this user may read. */
export async function fileAccess(file: string): Promise<FileAccess> {
	try {
		const found = await stat(file);
		if (!found.isFile()) {
			return 'not-a-file';
		}

		await access(file, constants.R_OK);
		return 'readable';
	} catch (error) {
		const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
		return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'unreadable';
	}
}
