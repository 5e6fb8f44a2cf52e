import {createHash} from 'node:crypto';
import path from 'node:path';

/**
 * ssh appends a 17-character suffix to ControlPath while binding and Unix socket paths hold 108 bytes
 * (104 on macOS): keep every path well under 90 characters.
 */
export const controlPathLimit = 80;

export type ControlPathResult =
	| {readonly kind: 'ok'; readonly path: string}
	| {readonly kind: 'too-long'; readonly path: string};

/** The control socket of a tunnel: its name in the socket directory, or a short hash of the name when that would be too long. */
export function controlPathFor(socketDirectory: string, tunnelName: string): ControlPathResult {
	const readable = path.join(socketDirectory, tunnelName);
	if (readable.length <= controlPathLimit) {
		return {kind: 'ok', path: readable};
	}

	const hashed = path.join(socketDirectory, `h-${createHash('sha256').update(tunnelName).digest('hex').slice(0, 12)}`);
	return hashed.length <= controlPathLimit ? {kind: 'ok', path: hashed} : {kind: 'too-long', path: hashed};
}

/** The per-user socket directory: under XDG_RUNTIME_DIR when set, else `tunnels-UID` in the temporary directory. TUNNELS_RUNTIME_DIR overrides both. */
export function socketDirectoryPath(options: {
	readonly env: Readonly<Record<string, string | undefined>>;
	readonly uid: number;
	readonly tmpdir: string;
}): string {
	const override = options.env['TUNNELS_RUNTIME_DIR'];
	if (override !== undefined && path.isAbsolute(override)) {
		return override;
	}

	const runtime = options.env['XDG_RUNTIME_DIR'];
	return runtime !== undefined && path.isAbsolute(runtime)
		? path.join(runtime, 'tunnels')
		: path.join(options.tmpdir, `tunnels-${options.uid}`);
}
