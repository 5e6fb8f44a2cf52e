// How a check step is said, the same in `tunnels check` and the UI.
import type {CheckStep} from '../core/check.js';

const marks = {pass: 'pass', fail: 'FAIL', skip: 'skip'} as const;

/** `FAIL  listener 127.0.0.1:9906: nobody listens`; a failed step's hint is the caller's to place. */
export function describeCheckStep({label, result}: CheckStep): string {
	return `${marks[result.kind]}  ${label}: ${result.detail}`;
}

/** What to run or change about a failed step, when the check knows. */
export function checkHint({result}: CheckStep): string | undefined {
	return result.kind === 'fail' ? result.hint : undefined;
}
