import {createHash} from 'node:crypto';
import path from 'node:path';

/**
 * ssh appends a 17-character suffix to ControlPath while binding and Unix socket paths hold 108 bytes
 * (104 on macOS): keep every path well under 90 bytes. Bytes, not characters: a directory named in
 * another script takes two to four bytes a character.
 */
export const controlPathLimit = 80;

/**
 * The longest path a Unix socket takes here, in bytes (profile/socket-path.ts: 107 on Linux, 103 on
 * macOS). libuv cuts a longer path off silently: it would bind or reach another file.
 */
export {maxSocketPathBytes} from '../profile/socket-path.js';

export type ControlPathResult =
	| {readonly kind: 'ok'; readonly path: string}
	| {readonly kind: 'too-long'; readonly path: string};

/** The control socket of a tunnel: its name in the socket directory, or a short hash of the name when that would be too long. */
export function controlPathFor(socketDirectory: string, tunnelName: string): ControlPathResult {
	const readable = path.join(socketDirectory, tunnelName);
	if (Buffer.byteLength(readable) <= controlPathLimit) {
		return {kind: 'ok', path: readable};
	}

	const hashed = path.join(socketDirectory, `h-${createHash('sha256').update(tunnelName).digest('hex').slice(0, 12)}`);
	return Buffer.byteLength(hashed) <= controlPathLimit ? {kind: 'ok', path: hashed} : {kind: 'too-long', path: hashed};
}

/**
 * The control socket of a shared master: one per connection identity (tunnel/share.ts), named by
 * a hash of it. `+` starts no tunnel name, so it never meets a tunnel's own socket.
 */
export function sharedControlPathFor(socketDirectory: string, identity: string): ControlPathResult {
	const shared = path.join(socketDirectory, `+${createHash('sha256').update(identity).digest('hex').slice(0, 12)}`);
	return Buffer.byteLength(shared) <= controlPathLimit ? {kind: 'ok', path: shared} : {kind: 'too-long', path: shared};
}

/**
 * The socket directory of one profile file: `<hash of the file's path>` under TUNNELS_RUNTIME_DIR
 * when set, else under `tunnels` in XDG_RUNTIME_DIR, else under `tunnels-UID` in the temporary
 * directory. Per profile file, so that a tunnel of another file is never taken for an orphan of this
 * one, nor two files' tunnels of one name for each other: the override too (issue 13, item 4; two
 * files once shared it, and `prune` from one killed the other's healthy tunnels). `base` is the
 * directory that must be ours too: whoever owns it could swap the one inside.
 */
export function socketDirectoryPath(options: {
	readonly env: Readonly<Record<string, string | undefined>>;
	readonly uid: number;
	readonly tmpdir: string;
	readonly profilePath: string;
}): {readonly directory: string; readonly base: string} {
	const override = options.env['TUNNELS_RUNTIME_DIR'];
	const runtime = options.env['XDG_RUNTIME_DIR'];
	const base = override !== undefined && path.isAbsolute(override) ? path.normalize(override)
		: runtime !== undefined && path.isAbsolute(runtime) ? path.join(runtime, 'tunnels')
			: temporaryBase(options.tmpdir, options.uid);
	return {directory: path.join(base, createHash('sha256').update(options.profilePath).digest('hex').slice(0, 8)), base};
}

/** `h-` and 12 hex digits: the longest name controlPathFor gives a socket. */
const hashedNameBytes = 14;

/**
 * `tunnels-UID` in the temporary directory, or in /tmp when that one is too long to leave room for a
 * socket name: macOS's $TMPDIR (`/var/folders/xx/…/T/`) is about 50 bytes, and with the profile's
 * directory under it not even a hashed name would fit in controlPathLimit. /tmp is checked like any
 * base (ours, 0700, not a symlink: store/runtime.ts), so a directory someone else made there is refused.
 */
function temporaryBase(tmpdir: string, uid: number): string {
	const inTmpdir = path.join(tmpdir, `tunnels-${uid}`);
	// base / 8 hex digits / hashed name
	return Buffer.byteLength(inTmpdir) + 1 + 8 + 1 + hashedNameBytes <= controlPathLimit ? inTmpdir : path.join('/tmp', `tunnels-${uid}`);
}
