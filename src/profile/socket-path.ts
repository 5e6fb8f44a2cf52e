// What a Unix socket path in a forward may be. ssh sends it as one field of its forward syntax and
// expands tokens in it, the kernel caps its length, and people copy it into shells and unit files.

export type SocketPathProblem = {readonly message: string; readonly hint: string | undefined};

/**
 * The longest Unix socket path a system takes, in bytes: sun_path is 108 bytes on Linux, 104 on
 * macOS and the BSDs, with the final NUL; ssh refuses a longer path (readconf.c parse_forward,
 * PATH_MAX_SUN) and so does bind(2).
 */
export function socketPathLimitFor(platform: string): number {
	return platform === 'linux' ? 107 : 103;
}

/**
 * The limit where this tool runs: a tunnel's socket paths are bound on this machine. The platform
 * is a constant of the process, not something read from the system.
 */
export const maxSocketPathBytes = socketPathLimitFor(globalThis.process?.platform ?? 'linux');

// Letters, digits and `/._-+@=,%~`: nothing ssh's forward syntax splits at (`:`, brackets, `\`),
// no `$` (ssh expands `${VAR}` in forward paths), nothing a shell reads as more than a word.
const safePath = /^[A-Za-z\d/._+@=,%~-]+$/;
const unsafeCharacter = /[^A-Za-z\d/._+@=,%~-]/;
const controlCharacter = /[\u0000-\u001F\u007F]/;

/** Why a socket path cannot be used, or undefined when it can. */
export function checkSocketPath(path: string): SocketPathProblem | undefined {
	if (controlCharacter.test(path)) {
		return {message: `\`${visible(path)}\` contains a control character`, hint: 'write the path on one line'};
	}

	if (!path.startsWith('/')) {
		return {message: `\`${path}\` is not absolute`, hint: 'write the whole path from `/`, e.g. /run/app.sock (ssh does not expand `~` here)'};
	}

	if (path.endsWith('/')) {
		return {message: `\`${path}\` names a directory`, hint: 'name the socket file, e.g. /tmp/app.sock'};
	}

	if (!safePath.test(path)) {
		const character = unsafeCharacter.exec(path)?.[0] ?? '';
		const why = character === '$' ? ' (ssh would expand it)' : character === ':' ? ' (ssh splits forwards at it)' : '';
		return {message: `\`${path}\` contains \`${character}\`${why}`, hint: 'a socket path here is letters, digits and / . _ - + @ = , % ~'};
	}

	// The safe characters are ASCII: one byte each.
	if (path.length > maxSocketPathBytes) {
		return {message: `\`${path}\` is ${path.length} bytes long: a Unix socket path must fit in ${maxSocketPathBytes} here (Linux 107, macOS and the BSDs 103)`, hint: 'use a shorter path, e.g. in /tmp or $XDG_RUNTIME_DIR'};
	}

	return undefined;
}

function visible(text: string): string {
	return text.replaceAll(/[\u0000-\u001F\u007F]/g, character => `\\x${character.codePointAt(0)!.toString(16).padStart(2, '0')}`);
}
