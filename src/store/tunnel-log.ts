// A tunnel's log file: ssh appends its own lines (`-E`), the tool appends its records. Kept under
// the runtime directory's `.state/` (logs/paths.ts says why), mode 0600, one rotated file beside it.
import fs from 'node:fs/promises';
import {logRotateBytes, previousLogPath, tunnelLogPath} from '../logs/paths.js';

/**
 * Before a start: moves a log over the bound aside (replacing the older one), appends the start's
 * line (a record, logs/record.ts), and returns where the new bytes begin: what ssh writes from there
 * is this start's.
 */
export async function beginLog(directory: string, name: string, line: string): Promise<number> {
	const file = tunnelLogPath(directory, name);
	await rotateIfOver(file);
	await fs.appendFile(file, line, {mode: 0o600});
	return sizeOf(file);
}

/**
 * A keeper's line (a record, logs/record.ts). A master that has run for weeks may have filled the log: it is moved aside here
 * too. ssh keeps writing to the moved file through its open descriptor, which is still read as the
 * older half of the history.
 */
export async function appendLog(directory: string, name: string, line: string): Promise<void> {
	const file = tunnelLogPath(directory, name);
	await rotateIfOver(file);
	await fs.appendFile(file, line, {mode: 0o600});
}

/** What was written to the log from `offset` on (a start's failure); empty when there is nothing. */
export async function readLogSince(directory: string, name: string, offset: number): Promise<string> {
	const handle = await fs.open(tunnelLogPath(directory, name), 'r').catch(() => undefined);
	if (handle === undefined) {
		return '';
	}

	try {
		const {size} = await handle.stat();
		// Bounded: a failing start writes a few lines; a runaway LogLevel must not fill memory.
		const length = Math.max(0, Math.min(size - offset, logRotateBytes));
		const buffer = Buffer.alloc(length);
		await handle.read(buffer, 0, length, offset);
		return buffer.toString('utf8');
	} finally {
		await handle.close();
	}
}

/** The rotated file's text, then the current one's; undefined when the tunnel has no log at all. */
export async function readLogFiles(directory: string, name: string): Promise<string[] | undefined> {
	const file = tunnelLogPath(directory, name);
	const texts = await Promise.all([previousLogPath(file), file].map(async path => fs.readFile(path, 'utf8').catch(() => undefined)));
	const found = texts.filter((text): text is string => text !== undefined);
	return found.length === 0 ? undefined : found;
}

/** The current log's size (0 without one): where a follower reads on from. */
export async function logSize(directory: string, name: string): Promise<number> {
	return sizeOf(tunnelLogPath(directory, name));
}

async function rotateIfOver(file: string): Promise<void> {
	if (await sizeOf(file) > logRotateBytes) {
		await fs.rename(file, previousLogPath(file));
	}
}

async function sizeOf(file: string): Promise<number> {
	const stat = await fs.stat(file).catch(() => undefined);
	return stat?.size ?? 0;
}
