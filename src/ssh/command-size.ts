import type {SshFailure} from './failure.js';

// What execve(2) takes (E2BIG otherwise), measured here rather than learned from a failed spawn,
// whose message would repeat the whole command line.

/** One argument: MAX_ARG_STRLEN is 32 pages of 4 KiB on Linux, with the terminating NUL. */
export const maxArgumentBytes = 32 * 4096 - 1;

/**
 * The whole command line, each argument with its NUL and pointer: ARG_MAX is a quarter of the stack
 * limit (2 MiB with the usual 8 MiB), shared with the environment. A bound well inside it.
 */
export const maxCommandLineBytes = 1024 * 1024;

/** Undefined when the kernel takes this argv, else why not. */
export function commandLineTooLong(argv: readonly string[]): Extract<SshFailure, {kind: 'command-line-too-long'}> | undefined {
	const sizes = argv.map(arg => Buffer.byteLength(arg));
	const longest = Math.max(0, ...sizes);
	if (longest > maxArgumentBytes) {
		return {kind: 'command-line-too-long', scope: 'argument', bytes: longest, limitBytes: maxArgumentBytes};
	}

	const whole = sizes.reduce((sum, size) => sum + size + 1 + 8, 0);
	return whole > maxCommandLineBytes ? {kind: 'command-line-too-long', scope: 'whole', bytes: whole, limitBytes: maxCommandLineBytes} : undefined;
}
