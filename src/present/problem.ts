import type {ReportLine} from './up.js';

/** Something a person can fix: what is wrong, and what to run or change. The CLI throws it as a UserError. */
export type Problem = {readonly message: string; readonly hint: string | undefined};

/** A problem as report lines, the way the UI shows a user error. */
export function problemLines({message, hint}: Problem): ReportLine[] {
	return [{level: 'error', text: message}, ...(hint === undefined ? [] : [{level: 'detail' as const, text: `hint: ${hint}`}])];
}

/** A user error as the CLI prints it: the details first (every issue of a file), then the error and its hint. */
export function userErrorText(error: {readonly message: string; readonly hint?: string | undefined; readonly details?: string | undefined}): string {
	return `${error.details === undefined ? '' : `${error.details}\n`}error: ${error.message}\n${error.hint === undefined ? '' : `  hint: ${error.hint}\n`}`;
}

/** Anything else is a bug: said as one, with its stack. */
export function internalErrorText(error: unknown): string {
	return `tunnels: internal error (a bug, please report it):\n${error instanceof Error ? error.stack ?? error.message : String(error)}\n`;
}
