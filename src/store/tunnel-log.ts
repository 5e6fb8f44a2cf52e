// A tunnel's log file: ssh appends its own lines (`-E`), the tool appends its records. Kept under
// the runtime directory's `.state/` (logs/paths.ts says why), mode 0600, one rotated file beside it.
import fs from 'node:fs/promises';
import {setTimeout as delay} from 'node:timers/promises';
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

/** A keeper's line (a record, logs/record.ts), the log moved aside first when over its bound. */
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

/**
 * The rotated file's text, then the current one's, and the current one's length in bytes (where a
 * follower goes on from); undefined when the tunnel has no log at all.
 */
export async function readLogFiles(directory: string, name: string): Promise<{readonly texts: readonly string[]; readonly currentBytes: number} | undefined> {
	const file = tunnelLogPath(directory, name);
	const [previous, current] = await Promise.all([previousLogPath(file), file].map(async path => fs.readFile(path).catch(() => undefined)));
	const texts = [previous, current].flatMap(buffer => (buffer === undefined ? [] : [buffer.toString('utf8')]));
	return texts.length === 0 ? undefined : {texts, currentBytes: current?.length ?? 0};
}

/** The current log's size (0 without one): where a follower reads on from. */
export async function logSize(directory: string, name: string): Promise<number> {
	return sizeOf(tunnelLogPath(directory, name));
}

/** Moves a log over its bound aside now; a keeper calls it now and then for each tunnel it keeps. */
export async function boundLog(directory: string, name: string): Promise<void> {
	await rotateIfOver(tunnelLogPath(directory, name));
}

/**
 * Copied aside, then emptied in place, never renamed: a running master keeps its `-E` file open and
 * would go on filling a renamed one without end. ssh opens it with O_APPEND (log.c), so after the
 * truncation its next line lands at the new end. What ssh writes between the copy and the
 * truncation is lost: a line or two at most, against a log that can no longer grow unbounded.
 */
async function rotateIfOver(file: string): Promise<void> {
	if (await sizeOf(file) > logRotateBytes) {
		await fs.copyFile(file, previousLogPath(file));
		await fs.truncate(file, 0);
	}
}

async function sizeOf(file: string): Promise<number> {
	const stat = await fs.stat(file).catch(() => undefined);
	return stat?.size ?? 0;
}

/**
 * Calls `onText` with what is appended to a tunnel's log from `offset` on, until `signal` aborts:
 * polled (a rotation renames the file under a watcher), complete lines only. A file that shrank was
 * rotated: read the new one from its start.
 */
export async function followLog(directory: string, name: string, offset: number, signal: AbortSignal, onText: (text: string) => void, pollMs = 250): Promise<void> {
	let from = offset;
	let partial = '';
	while (!signal.aborted) {
		const size = await logSize(directory, name);
		if (size < from) {
			from = 0;
			partial = '';
		}

		if (size > from) {
			const text = partial + await readLogSince(directory, name, from);
			from += Buffer.byteLength(text) - Buffer.byteLength(partial);
			const end = text.lastIndexOf('\n') + 1;
			partial = text.slice(end);
			if (end > 0) {
				onText(text.slice(0, end));
			}
		}

		await delay(pollMs, undefined, {signal}).catch(() => undefined);
	}
}
