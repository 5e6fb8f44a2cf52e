import {lstatSync, mkdirSync, type Stats} from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import {UserError} from '../errors.js';
import {maxSocketPathBytes} from '../mux/control-path.js';
import {lockFileName} from './lock.js';
import type {CarrierRecord, FailureRecord, StopRecord} from '../tunnel/status.js';

// The runtime directory holds control sockets (named after tunnels) and, under `.state/` (tunnel
// names never start with a dot), hints (the last failure, a person's stop, start and watch locks)
// and the UI's askpass socket.
// Hints may be stale or gone.

/**
 * Makes sure the socket directory, and the base it lives in, are ours alone: directories (not
 * symlinks), owned by us, mode 0700. Anything listening in a directory others can write could
 * answer as a fake master. Each is checked before anything is made inside it: the base sits in a
 * place anyone can write (/tmp/tunnels-UID), so another user may have made it first, or put a
 * symlink there into a directory of ours.
 */
export async function ensureRuntimeDirectory(directory: string, base: string, uid: number): Promise<void> {
	// Synchronous calls, as in checkRuntimeDirectory: this is on the way of print and of every up.
	mkdirSync(path.dirname(base), {recursive: true, mode: 0o700});
	// The directory is right inside the base (TUNNELS_RUNTIME_DIR, or tunnels/ in XDG_RUNTIME_DIR, or tunnels-UID).
	for (const owned of new Set([base, directory])) {
		makeDirectory(owned);
		await checkOwnDirectory(owned, uid, lstatSync(owned));
	}

	makeDirectory(path.join(directory, '.state'));
}

/**
 * Checks, and makes nothing, for the commands that only read (ls, prune, kill): the base and the
 * directory, as far as they exist, are ours alone. What does not exist yet holds nothing to trust.
 */
export async function checkRuntimeDirectory(directory: string, base: string, uid: number): Promise<void> {
	for (const owned of new Set([base, directory])) {
		// Synchronous: two lstat calls on the way of every command, not two round trips through libuv's thread pool (issue 17).
		const stat = lstatSync(owned, {throwIfNoEntry: false});
		if (stat === undefined) {
			return;
		}

		await checkOwnDirectory(owned, uid, stat);
	}
}

function makeDirectory(directory: string): void {
	try {
		mkdirSync(directory, {mode: 0o700});
	} catch (error) {
		if (!isCode(error, 'EEXIST')) {
			throw error;
		}
	}
}

const ownDirectoryHint = 'set TUNNELS_RUNTIME_DIR (or XDG_RUNTIME_DIR) to a directory of your own, mode 700';

async function checkOwnDirectory(directory: string, uid: number, stat: Stats): Promise<void> {
	if (!stat.isDirectory()) {
		throw new UserError(`${directory} is not a directory${stat.isSymbolicLink() ? ' but a symlink' : ''}: refusing to keep control sockets there`, `remove it if it is yours, or ${ownDirectoryHint}`);
	}

	if (stat.uid !== uid) {
		throw new UserError(`${directory} belongs to uid ${stat.uid}, not to you: refusing to keep control sockets there`, ownDirectoryHint);
	}

	if ((stat.mode & 0o077) !== 0) {
		throw new UserError(`${directory} is open to others (mode ${(stat.mode & 0o777).toString(8)}): refusing to keep control sockets there`, `run: chmod 700 ${directory}`);
	}
}

/** Removes a control socket file; the caller has seen its master refuse connections. Never removes anything but a socket. */
export async function removeSocketFile(socketPath: string): Promise<boolean> {
	try {
		const stat = await fs.lstat(socketPath);
		if (!stat.isSocket()) {
			return false;
		}

		await fs.unlink(socketPath);
		return true;
	} catch (error) {
		if (isCode(error, 'ENOENT')) {
			return false;
		}

		throw error;
	}
}

/**
 * The names of everything in the runtime directory, from one readdir: a control socket that is not
 * among them is not there, and connecting to it only to be told so (an ENOENT error per tunnel
 * that is down) cost more than the listing. None when the directory does not exist; undefined
 * when it cannot be listed: then every socket is tried.
 */
export async function listEntries(directory: string): Promise<ReadonlySet<string> | undefined> {
	try {
		return new Set(await fs.readdir(directory));
	} catch (error) {
		return isCode(error, 'ENOENT') ? new Set() : undefined;
	}
}

/** Socket files in the runtime directory: control sockets of tunnels, current or long gone. */
export async function listSocketFiles(directory: string): Promise<string[]> {
	const entries = await fs.readdir(directory, {withFileTypes: true}).catch(() => []);
	return entries.filter(entry => entry.isSocket()).map(entry => path.join(directory, entry.name));
}

/** A hint kept under `.state/`: missing or unreadable reads as none (the process table is the truth). */
function hintRecord<T>(fileName: (name: string) => string) {
	return {
		async read(directory: string, name: string): Promise<T | undefined> {
			try {
				return JSON.parse(await fs.readFile(statePath(directory, fileName(name)), 'utf8')) as T;
			} catch {
				return undefined;
			}
		},
		async write(directory: string, name: string, record: T): Promise<void> {
			await fs.writeFile(statePath(directory, fileName(name)), JSON.stringify(record), {mode: 0o600});
		},
		async clear(directory: string, name: string): Promise<void> {
			await fs.rm(statePath(directory, fileName(name)), {force: true});
		},
	};
}

/** The records a look reads for each tunnel it looks at. */
export type RecordKind = 'failure' | 'carrier' | 'start-lock' | 'watch-lock';

/** Whether a tunnel has a record of a kind, as one listing of `.state/` saw it. */
export type RecordsPresent = (kind: RecordKind, name: string) => boolean;

const recordFileName: Readonly<Record<RecordKind, (name: string) => string>> = {
	failure: name => `${name}.failed.json`,
	carrier: name => `${name}.carried.json`,
	'start-lock': name => lockFileName(name, 'start'),
	'watch-lock': name => lockFileName(name, 'watch'),
};

/**
 * Which records exist, from one readdir of `.state/`: a look at 200 tunnels opened 800 files that
 * mostly were not there, and each ENOENT cost more than the listing of the whole directory (issue
 * 17). A record made after the listing is seen by the next look, as if it came just after this one.
 * A directory that cannot be listed (but exists) says "maybe" for every record: each is then read.
 */
export async function listRecords(directory: string): Promise<RecordsPresent> {
	try {
		const names = new Set(await fs.readdir(path.join(directory, '.state')));
		return (kind, name) => names.has(recordFileName[kind](name));
	} catch (error) {
		return isCode(error, 'ENOENT') ? () => false : () => true;
	}
}

/** Why the last start failed, for `ls` to say. */
const failure = hintRecord<FailureRecord>(recordFileName.failure);
export const {read: readFailure, write: writeFailure, clear: clearFailure} = failure;

/** The shared master a shared tunnel's forwards were added to (tunnel/status.ts CarrierRecord). */
const carrier = hintRecord<CarrierRecord>(recordFileName.carrier);
export const {read: readCarrier, write: writeCarrier, clear: clearCarrier} = carrier;

/** A person stopped the tunnel: a watcher leaves it down (deleted, a watcher may start it again). */
const stopped = hintRecord<StopRecord>(name => `${name}.stopped.json`);
export const {read: readStopped, write: writeStopped, clear: clearStopped} = stopped;

/**
 * Where a UI process serves ssh's questions: under `.state/`, never among the control sockets that
 * `prune` and `ls` check (a mux request there would wait for its timeout). Too long, in bytes, for a
 * Unix socket in a long runtime directory: cut off, it would bind another file.
 */
export function askpassSocketPath(directory: string, pid: number): {readonly kind: 'ok' | 'too-long'; readonly path: string; readonly bytes: number} {
	const socketPath = path.join(directory, '.state', `askpass-${pid}.sock`);
	const bytes = Buffer.byteLength(socketPath);
	return {kind: bytes <= maxSocketPathBytes ? 'ok' : 'too-long', path: socketPath, bytes};
}

/** The askpass sockets of UIs, live or killed, under `.state/`: socket files of ours only, with the PID in their names. */
export async function listAskpassSockets(directory: string, uid: number): Promise<Array<{readonly path: string; readonly pid: number}>> {
	const state = path.join(directory, '.state');
	const entries = await fs.readdir(state, {withFileTypes: true}).catch(() => []);
	const found = await Promise.all(entries.map(async entry => {
		const pid = Number(/^askpass-(\d+)\.sock$/.exec(entry.name)?.[1]);
		const file = path.join(state, entry.name);
		const stat = Number.isSafeInteger(pid) && pid > 0 && entry.isSocket() ? await fs.lstat(file).catch(() => undefined) : undefined;
		return stat?.isSocket() && stat.uid === uid ? [{path: file, pid}] : [];
	}));
	return found.flat();
}

function statePath(directory: string, fileName: string): string {
	return path.join(directory, '.state', fileName);
}

function isCode(error: unknown, code: string): boolean {
	return error instanceof Error && 'code' in error && error.code === code;
}
