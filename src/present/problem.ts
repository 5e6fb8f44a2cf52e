import type {ReportLine} from './up.js';

/** Something a person can fix: what is wrong, and what to run or change. The CLI throws it as a UserError. */
export type Problem = {readonly message: string; readonly hint: string | undefined};

/** A problem as report lines, the way the UI shows a user error. */
export function problemLines({message, hint}: Problem): ReportLine[] {
	return [{level: 'error', text: message}, ...(hint === undefined ? [] : [{level: 'detail' as const, text: `hint: ${hint}`}])];
}
