// `tunnels check --json`: the declared shape, `{name, steps: [{label, result: {kind, detail, hint?}}]}`,
// built from the steps' causes with the same words the text output uses.
import type {CheckStep} from '../../core/check-step.js';
import {checkDetail, checkLabel} from '../check.js';
import {checkHint} from '../check-hint.js';

export type CheckStepJson = {
	readonly label: string;
	readonly result: {readonly kind: 'pass' | 'fail' | 'skip'; readonly detail: string; readonly hint?: string};
};

export type CheckJson = {readonly name: string; readonly steps: readonly CheckStepJson[]};

export function checkJson(name: string, steps: readonly CheckStep[]): CheckJson {
	return {name, steps: steps.map(step => checkStepJson(step))};
}

export function checkStepJson(step: CheckStep): CheckStepJson {
	const hint = checkHint(step);
	return {
		label: checkLabel(step.subject),
		result: {kind: step.result.kind, detail: checkDetail(step.result.cause), ...(hint === undefined ? {} : {hint})},
	};
}
