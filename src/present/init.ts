// How `tunnels init` and the UI's first-run key say what they did.
import type {InitResult} from '../core/init.js';
import {problemLines, type Problem} from './problem.js';
import type {ReportLine} from './up.js';

export function describeInitResult(result: InitResult): ReportLine[] {
	if (result.kind === 'exists') {
		return problemLines(initProblem(result));
	}

	return [
		{level: 'info', text: `wrote an example profile file to ${result.path}`},
		{level: 'info', text: 'edit it, then: tunnels ls'},
	];
}

export function initProblem(result: Extract<InitResult, {kind: 'exists'}>): Problem {
	return {message: `${result.path} already exists; nothing was written`, hint: 'edit it, or add tunnels with `tunnels import -- ssh …`'};
}
