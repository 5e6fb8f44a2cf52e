import {closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats} from 'node:fs';

// Reading a file that someone else may have made into something else: a FIFO blocks open(2) and
// read(2) for good, a device (/dev/zero) never ends. Only regular files are read, and only so much.

/** What a path is when it is not a regular file. */
export type FileType = 'directory' | 'fifo' | 'character-device' | 'block-device' | 'socket' | 'other';

export type RegularFileRead =
	| {readonly kind: 'text'; readonly text: string; readonly stat: Stats}
	| {readonly kind: 'missing'}
	| {readonly kind: 'not-regular'; readonly type: FileType}
	| {readonly kind: 'too-large'; readonly limitBytes: number}
	/** any other reason open or read failed (EACCES, ELOOP, EIO…), with the system's code */
	| {readonly kind: 'unreadable'; readonly code: string};

/**
 * Reads a regular file as UTF-8, at most `limitBytes`. The type is checked on the path first (so a
 * FIFO is never opened), then on the opened descriptor (the path may have been swapped meanwhile);
 * the open is non-blocking for the same reason. Synchronous calls inside: a regular file of a local
 * disk is read in well under a millisecond, and each asynchronous step would be a round trip through
 * libuv's thread pool on the way of every command (issue 17).
 */
export async function readRegularFile(file: string, limitBytes: number): Promise<RegularFileRead> {
	try {
		const before = statSync(file);
		if (!before.isFile()) {
			return {kind: 'not-regular', type: fileType(before)};
		}

		const descriptor = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
		try {
			const stat = fstatSync(descriptor);
			if (!stat.isFile()) {
				return {kind: 'not-regular', type: fileType(stat)};
			}

			if (stat.size > limitBytes) {
				return {kind: 'too-large', limitBytes};
			}

			// Read to the end, not to fstat's size: a file that grew since is still caught at the limit.
			const chunks: Buffer[] = [];
			let length = 0;
			for (;;) {
				const chunk = Buffer.alloc(Math.min(64 * 1024, limitBytes + 1 - length));
				const bytesRead = readSync(descriptor, chunk, 0, chunk.length, null);
				if (bytesRead === 0) {
					break;
				}

				chunks.push(chunk.subarray(0, bytesRead));
				length += bytesRead;
				if (length > limitBytes) {
					return {kind: 'too-large', limitBytes};
				}
			}

			return {kind: 'text', text: Buffer.concat(chunks).toString('utf8'), stat};
		} finally {
			closeSync(descriptor);
		}
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT' || code === 'ENOTDIR') {
			return {kind: 'missing'};
		}

		if (code === 'EISDIR') {
			return {kind: 'not-regular', type: 'directory'};
		}

		if (typeof code === 'string') {
			return {kind: 'unreadable', code};
		}

		throw error;
	}
}

function fileType(stat: Stats): FileType {
	return stat.isDirectory() ? 'directory'
		: stat.isFIFO() ? 'fifo'
			: stat.isCharacterDevice() ? 'character-device'
				: stat.isBlockDevice() ? 'block-device'
					: stat.isSocket() ? 'socket'
						: 'other';
}
