import {randomBytes} from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {systemReason, UserError} from '../errors.js';
import {tryLockFile, type LockIdentity} from './lock.js';
import {readRegularFile} from './regular-file.js';

export type ProfileText =
	| {readonly kind: 'missing'}
	| {readonly kind: 'found'; readonly text: string; readonly mode: number};

/** Far beyond any profile (100 000 tunnels are about 8 MB); a bound all the same. */
const maxProfileBytes = 64 * 1024 * 1024;

/** Reads the profile file, refusing one that others could have written (as ssh refuses such a config). */
export async function readProfileText(file: string): Promise<ProfileText> {
	const read = await readRegularFile(file, maxProfileBytes);
	switch (read.kind) {
		case 'missing': {
			return {kind: 'missing'};
		}

		case 'not-regular': {
			throw new UserError(`${file} is not a file`, 'point --config or TUNNELS_CONFIG at a profile file');
		}

		case 'too-large': {
			throw new UserError(`${file} is larger than ${read.limitBytes / (1024 * 1024)} MiB: refusing to read it as a profile`, 'point --config or TUNNELS_CONFIG at a profile file');
		}

		case 'unreadable': {
			throw new UserError(`cannot read ${file}: ${systemReason(read.code)}`, read.code === 'EACCES' ? `run: chmod u+r ${file}` : undefined);
		}

		case 'text': {
			break;
		}
	}

	const {stat, text} = read;
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

	return {kind: 'found', text, mode: stat.mode & 0o777};
}

/**
 * Takes the one lock of the profile file's writers, `<file>.lock` beside the file its links resolve to
 * (so writers through a link and writers of the file share it), waiting at most `waitMs` for another
 * writer. Every writer takes it, then re-reads, applies and writes: two `import`s at once both land
 * (issue 13, item 8). A lock whose holder is gone is taken over; one still held in time is an error
 * (exit 1: nobody's input was wrong) and nothing is written.
 */
export async function lockProfileFile(file: string, identity: LockIdentity, waitMs: number): Promise<() => Promise<void>> {
	const destination = await resolveLinks(file);
	try {
		await fs.mkdir(path.dirname(destination), {recursive: true, mode: 0o700});
	} catch (error) {
		throw writeError(destination, error);
	}

	const deadline = Date.now() + waitMs;
	for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
		let lock;
		try {
			lock = await tryLockFile(`${destination}.lock`, identity);
		} catch (error) {
			throw writeError(destination, error); // the lock goes beside the file: what fails there fails the file
		}

		if (lock.kind === 'acquired') {
			return lock.release;
		}

		if (Date.now() >= deadline) {
			throw new UserError(
				`${file} is being written by another tunnels command${lock.pid === 0 ? '' : ` (pid ${lock.pid})`}; nothing was written`,
				`run the command again when it is done; if no tunnels command runs, remove ${destination}.lock`,
				1,
			);
		}

		await delay(pause);
	}
}

/**
 * Replaces the profile file with new text without ever leaving it half-written: the text goes to a
 * temporary file beside it, which is renamed over the old one. `expected` is the text the change was
 * made from; if the file changed meanwhile, nothing is written. A failure to write (a full disk, no
 * permission) leaves the file as it was and says so.
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
	const temporary = `${destination}.${randomBytes(4).toString('hex')}.tmp`;
	try {
		await fs.mkdir(path.dirname(destination), {recursive: true, mode: 0o700});
		// On disk before the rename: a crash leaves the old text or the new, never an empty file.
		const handle = await fs.open(temporary, 'wx', expected.kind === 'found' ? expected.mode : 0o600);
		try {
			await handle.writeFile(text);
			await handle.sync();
		} finally {
			await handle.close();
		}

		await fs.rename(temporary, destination);
		await syncDirectory(path.dirname(destination));
	} catch (error) {
		await fs.rm(temporary, {force: true});
		throw writeError(destination, error);
	}
}

/** The rename itself on disk; a file system that cannot sync a directory (EINVAL) has done what it can. */
async function syncDirectory(directory: string): Promise<void> {
	const handle = await fs.open(directory, 'r').catch(() => undefined);
	await handle?.sync().catch(() => undefined);
	await handle?.close();
}

/** The system's refusal of a write, as a user error naming the file; a bug stays a bug. */
function writeError(file: string, error: unknown): unknown {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	if (typeof code !== 'string') {
		return error;
	}

	// Full or failing storage is not the input's fault (exit 1); a place not writable is (exit 2).
	const environmental = code === 'ENOSPC' || code === 'EDQUOT' || code === 'EIO';
	const hint = code === 'EACCES' || code === 'EPERM' ? `the directory ${path.dirname(file)} must be writable by you` : environmental ? 'free some space, then run the command again' : undefined;
	return new UserError(`cannot write ${file}: ${systemReason(code)}; nothing was changed`, hint, environmental ? 1 : 2);
}

/** The file a path names through its symlinks; a dangling link names the file it would create (40 links at most, as the kernel's ELOOP). */
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

			throw writeError(file, error);
		}

		current = path.resolve(path.dirname(current), target);
	}

	throw writeError(file, Object.assign(new Error('ELOOP'), {code: 'ELOOP'}));
}

function isCode(error: unknown, code: string): boolean {
	return error instanceof Error && 'code' in error && error.code === code;
}
