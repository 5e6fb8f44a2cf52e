import {randomBytes} from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import {UserError} from '../errors.js';

export type ProfileText =
	| {readonly kind: 'missing'}
	| {readonly kind: 'found'; readonly text: string; readonly mode: number};

/** Reads the profile file, refusing one that others could have written (as ssh refuses such a config). */
export async function readProfileText(file: string): Promise<ProfileText> {
	let stat;
	try {
		stat = await fs.stat(file);
	} catch (error) {
		if (isCode(error, 'ENOENT')) {
			return {kind: 'missing'};
		}

		throw new UserError(`cannot read ${file}: ${(error as Error).message}`);
	}

	if (!stat.isFile()) {
		throw new UserError(`${file} is not a file`, 'point --config or TUNNELS_CONFIG at a profile file');
	}

	if ((stat.mode & 0o022) !== 0) {
		throw new UserError(
			`${file} is writable by ${(stat.mode & 0o002) === 0 ? 'its group' : 'everyone'}: refusing to run ssh from it`,
			`run: chmod go-w ${file}`,
		);
	}

	const uid = process.getuid?.();
	if (uid !== undefined && stat.uid !== uid && stat.uid !== 0) {
		throw new UserError(`${file} belongs to another user (uid ${stat.uid}): refusing to run ssh from it`, `copy it and own the copy, or run: chown ${uid} ${file}`);
	}

	return {kind: 'found', text: await fs.readFile(file, 'utf8'), mode: stat.mode & 0o777};
}

/**
 * Replaces the profile file with new text without ever leaving it half-written: the text goes to a
 * temporary file beside it, which is renamed over the old one. `expected` is the text the change was
 * made from; if the file changed meanwhile, nothing is written.
 */
export async function writeProfileText(file: string, text: string, expected: ProfileText): Promise<void> {
	const current = await readProfileText(file);
	const unchanged = current.kind === expected.kind && (current.kind === 'missing' || (expected.kind === 'found' && current.text === expected.text));
	if (!unchanged) {
		throw new UserError(`${file} changed while this command ran; nothing was written`, 'run the command again');
	}

	// A profile kept elsewhere and linked here (dotfiles) is written through the link, which stays:
	// the new text replaces the link's target, beside which the temporary file goes.
	const destination = await resolveLinks(file);
	await fs.mkdir(path.dirname(destination), {recursive: true, mode: 0o700});
	const temporary = `${destination}.${randomBytes(4).toString('hex')}.tmp`;
	try {
		await fs.writeFile(temporary, text, {mode: expected.kind === 'found' ? expected.mode : 0o600, flag: 'wx'});
		await fs.rename(temporary, destination);
	} catch (error) {
		await fs.rm(temporary, {force: true});
		throw error;
	}
}

/** The file a path names through its symlinks; a dangling link names the file it would create (a few links at most, as ELOOP bounds). */
async function resolveLinks(file: string): Promise<string> {
	let current = file;
	for (let hops = 0; hops < 40; hops++) {
		let target: string;
		try {
			target = await fs.readlink(current);
		} catch (error) {
			if (isCode(error, 'EINVAL') || isCode(error, 'ENOENT')) {
				return current; // not a link (EINVAL), or nothing there yet: this is the file
			}

			throw error;
		}

		current = path.resolve(path.dirname(current), target);
	}

	throw new UserError(`${file}: too many levels of symbolic links`, 'point --config or TUNNELS_CONFIG at the profile file itself');
}

function isCode(error: unknown, code: string): boolean {
	return error instanceof Error && 'code' in error && error.code === code;
}
