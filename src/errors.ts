/** A problem the user can fix: what is wrong, and what to run or change. Printed without a stack; exit status 2 unless said. */
export class UserError extends Error {
	override readonly name = 'UserError';

	constructor(
		message: string,
		readonly hint?: string,
		readonly exitCode = 2,
		/** printed before the message, e.g. every issue of a profile file */
		readonly details?: string,
	) {
		super(message);
	}
}

const reasons: Readonly<Record<string, string>> = {
	ENOSPC: 'no space left on the device',
	EDQUOT: 'disk quota exceeded',
	EIO: 'input/output error',
	EACCES: 'permission denied',
	EPERM: 'operation not permitted',
	EROFS: 'read-only file system',
	ELOOP: 'too many levels of symbolic links',
	ENAMETOOLONG: 'the path is too long',
};

/** The system's refusal in words, with its code: `no space left on the device (ENOSPC)`. */
export function systemReason(code: string): string {
	return `${reasons[code] ?? 'the system refused'} (${code})`;
}
