// `tunnels prune --json`: the plan and what was done, in the shape it has always had. Built field by
// field, so that a change of the plan's internal shape never changes it.
import type {PruneItem, PruneOutcome} from '../../core/prune.js';
import type {StaleReason} from '../../tunnel/stale.js';
import {describeViewForwards} from '../forwards.js';
import {takenWords} from '../prune.js';

export type PruneItemJson =
	| {readonly action: 'kill'; readonly subject: PruneItem['subject']; readonly forwards: readonly string[]; readonly why: string; readonly note?: string; readonly pid: number; readonly argv: readonly string[]}
	| {readonly action: 'remove-socket'; readonly path: string; readonly subject: PruneItem['subject']; readonly why: string}
	| {readonly action: 'skip'; readonly subject: PruneItem['subject']; readonly forwards: readonly string[]; readonly why: string; readonly because: string; readonly pid: number; readonly argv: readonly string[]};

export type PruneJson = {
	readonly plan: readonly PruneItemJson[];
	readonly executed: boolean;
	readonly outcomes: ReadonlyArray<PruneItemJson & {readonly result: PruneOutcome['result']}>;
};

export function pruneJson(plan: readonly PruneItem[], executed: boolean, outcomes: readonly PruneOutcome[]): PruneJson {
	return {plan: plan.map(item => pruneItemJson(item)), executed, outcomes: outcomes.map(outcome => ({...pruneItemJson(outcome.item), result: outcome.result}))};
}

export function pruneItemJson(item: PruneItem): PruneItemJson {
	switch (item.action) {
		case 'kill': {
			const {action, process, subject, forwards, why, taken} = item;
			return {action, subject, forwards: describeViewForwards(forwards), why: whyJson(why), ...(taken === undefined ? {} : {note: takenWords(taken)}), pid: process.pid, argv: process.argv};
		}

		case 'remove-socket': {
			const {action, path, subject, why} = item;
			return {action, path, subject, why: whyJson(why)};
		}

		case 'skip': {
			const {action, process, subject, forwards, why, because} = item;
			return {action, subject, forwards: describeViewForwards(forwards), why: whyJson(why), because, pid: process.pid, argv: process.argv};
		}
	}
}

/**
 * The `why` of the JSON, as it always was. A process whose socket something else answers was
 * reported as `no-control-socket` before `unverified-master` was one of prune's reasons: it stays so.
 */
function whyJson(why: StaleReason): string {
	return why === 'unverified-master' ? 'no-control-socket' : why;
}
