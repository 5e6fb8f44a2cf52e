import {lstat, stat} from 'node:fs/promises';
import path from 'node:path';

/** What is at a path where a tunnel will listen on a socket file, and the directory it goes in. */
export type SocketFileState = {
	/**
	 * `writable-by-others`: group or others may write to it and it is not sticky (like /tmp is), so
	 * someone else could replace the socket with their own and receive the connections meant for it.
	 */
	readonly parent: 'ok' | 'missing' | 'not-a-directory' | 'writable-by-others';
	/** what the path itself is (not followed: a symbolic link is `other`) */
	readonly entry: 'absent' | 'socket' | 'file' | 'directory' | 'other';
};

/** Looks at a socket path and its directory; changes nothing. */
export async function inspectSocketFile(socketPath: string): Promise<SocketFileState> {
	return {parent: await parentState(path.dirname(socketPath)), entry: await entryState(socketPath)};
}

async function parentState(directory: string): Promise<SocketFileState['parent']> {
	try {
		const info = await stat(directory);
		if (!info.isDirectory()) {
			return 'not-a-directory';
		}

		return (info.mode & 0o022) !== 0 && (info.mode & 0o1000) === 0 ? 'writable-by-others' : 'ok';
	} catch (error) {
		if (isCode(error, 'ENOENT')) {
			return 'missing';
		}

		if (isCode(error, 'ENOTDIR')) {
			return 'not-a-directory';
		}

		throw error;
	}
}

async function entryState(socketPath: string): Promise<SocketFileState['entry']> {
	try {
		const info = await lstat(socketPath);
		return info.isSocket() ? 'socket' : info.isFile() ? 'file' : info.isDirectory() ? 'directory' : 'other';
	} catch (error) {
		if (isCode(error, 'ENOENT') || isCode(error, 'ENOTDIR')) {
			return 'absent';
		}

		throw error;
	}
}

/** The uid that owns the socket at this path (not followed), or undefined when no socket is there. */
export async function socketOwner(socketPath: string): Promise<number | undefined> {
	try {
		const info = await lstat(socketPath);
		return info.isSocket() ? info.uid : undefined;
	} catch {
		return undefined;
	}
}

function isCode(error: unknown, code: string): boolean {
	return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}
