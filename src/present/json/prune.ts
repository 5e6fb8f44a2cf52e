// `tunnels prune --json`: the plan with its evidence, whether it was carried out, and what came of each step.
import type {PruneItem, PruneOutcome, Subject} from '../../core/prune.js';
import {describeViewForwards} from '../forwards.js';
import {takenWords} from '../prune.js';
import {killOutcomeJson, type KillOutcomeJson} from './shared.js';

/** Why something is stale, in the words --json has always used. */
export type PruneWhyJson = 'no-listener' | 'socket-refused' | 'no-control-socket' | 'master-unresponsive' | 'duplicate' | 'orphan' | 'unresponsive';

export type PruneSubjectJson =
	| {readonly kind: 'profile'; readonly name: string}
	/** `outside`: an ssh tunnel outside the profile, as `ls` and the UI call it */
	| {readonly kind: 'orphan' | 'outside'};

/** A step of the plan; a process is named by its PID and argv. */
export type PruneItemJson =
	| {readonly action: 'kill'; readonly subject: PruneSubjectJson; readonly forwards: readonly string[]; readonly why: PruneWhyJson; readonly note?: string; readonly pid: number; readonly argv: readonly string[]}
	| {readonly action: 'remove-socket'; readonly path: string; readonly subject: PruneSubjectJson; readonly why: 'socket-refused'}
	| {readonly action: 'skip'; readonly subject: PruneSubjectJson; readonly forwards: readonly string[]; readonly why: PruneWhyJson; readonly because: 'outside' | 'socket-not-ours'; readonly pid: number; readonly argv: readonly string[]};

/** A step carried out: the step, then `result`. */
export type PruneOutcomeJson = PruneItemJson & {readonly result: KillOutcomeJson | {readonly kind: 'removed' | 'kept'}};

export type PruneJson = {
	readonly plan: readonly PruneItemJson[];
	readonly executed: boolean;
	readonly outcomes: readonly PruneOutcomeJson[];
};

export function pruneJson(input: {readonly plan: readonly PruneItem[]; readonly executed: boolean; readonly outcomes: readonly PruneOutcome[]}): PruneJson {
	return {
		plan: input.plan.map(item => itemJson(item)),
		executed: input.executed,
		outcomes: input.outcomes.map(outcome => ({...itemJson(outcome.item), result: resultJson(outcome.result)})),
	};
}

function itemJson(item: PruneItem): PruneItemJson {
	switch (item.action) {
		case 'kill': {
			return {action: item.action, subject: subjectJson(item.subject), forwards: describeViewForwards(item.forwards), why: whyJson(item.why), note: item.taken === undefined ? undefined : takenWords(item.taken), pid: item.process.pid, argv: [...item.process.argv]};
		}

		case 'remove-socket': {
			return {action: item.action, path: item.path, subject: subjectJson(item.subject), why: 'socket-refused'};
		}

		case 'skip': {
			return {action: item.action, subject: subjectJson(item.subject), forwards: describeViewForwards(item.forwards), why: whyJson(item.why), because: item.because === 'foreign' ? 'outside' : item.because, pid: item.process.pid, argv: [...item.process.argv]};
		}
	}
}

function subjectJson(subject: Subject): PruneSubjectJson {
	switch (subject.kind) {
		case 'profile': {
			return {kind: subject.kind, name: subject.name};
		}

		case 'orphan': {
			return {kind: subject.kind};
		}

		case 'foreign': {
			return {kind: 'outside'};
		}
	}
}

/**
 * One by one: when the internal reasons are renamed or merged, what --json says is decided here. A
 * process whose socket something else answers was `no-control-socket` here before prune carried
 * `unverified-master`: it stays so.
 */
function whyJson(why: PruneItem['why']): PruneWhyJson {
	switch (why) {
		case 'no-listener': {
			return 'no-listener';
		}

		case 'unverified-master': {
			return 'no-control-socket';
		}

		case 'socket-refused': {
			return 'socket-refused';
		}

		case 'no-control-socket': {
			return 'no-control-socket';
		}

		case 'master-unresponsive': {
			return 'master-unresponsive';
		}

		case 'duplicate': {
			return 'duplicate';
		}

		case 'orphan': {
			return 'orphan';
		}

		case 'unresponsive': {
			return 'unresponsive';
		}
	}
}

function resultJson(result: PruneOutcome['result']): PruneOutcomeJson['result'] {
	switch (result.kind) {
		case 'removed':
		case 'kept': {
			return {kind: result.kind};
		}

		case 'stopped':
		case 'refused':
		case 'failed': {
			return killOutcomeJson(result);
		}
	}
}
