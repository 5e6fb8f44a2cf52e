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
