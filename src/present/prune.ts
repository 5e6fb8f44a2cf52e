// How prune's plan and outcomes are said, the same in `tunnels prune` and the UI.
import type {PortTaken, PruneItem, PruneOutcome} from '../core/prune.js';
import {describeViewForwards} from './forwards.js';
import {describeHolder} from './holders.js';
import {describeRefusal} from './kill.js';
import {stalePlanWords} from './stale.js';

function subjectWords(item: PruneItem): string {
	switch (item.subject.kind) {
		case 'profile': {
			return item.subject.name;
		}

		case 'orphan': {
			return 'not in the profile';
		}

		case 'foreign': {
			return 'outside the profile';
		}
	}
}

/** The whole plan, a line per item; `nothing is stale` for none. */
export function planText(plan: readonly PruneItem[]): string {
	return plan.length === 0 ? 'nothing is stale' : plan.map(item => planLine(item)).join('\n');
}

/** Asked before a plan is carried out, on a terminal. */
export function pruneQuestion(actions: number): string {
	return `${actions === 1 ? 'do this' : `do these ${actions}`}? [y/N] `;
}

export function planLine(item: PruneItem): string {
	switch (item.action) {
		case 'kill': {
			const note = item.taken === undefined ? '' : ` (${takenWords(item.taken)})`;
			return `kill    pid ${item.process.pid} · ${subjectWords(item)} · ${forwardsWords(item.forwards)} · ${stalePlanWords(item.why)}${note}`;
		}

		case 'remove-socket': {
			return `remove  ${item.path} · ${subjectWords(item)} · ${stalePlanWords(item.why)}`;
		}

		case 'skip': {
			return `skip    pid ${item.process.pid} · ${subjectWords(item)} · ${forwardsWords(item.forwards)} · ${stalePlanWords(item.why)}; ${becauseWords(item.because)}`;
		}
	}
}

/** Why a stale process is left alone. */
function becauseWords(because: Extract<PruneItem, {action: 'skip'}>['because']): string {
	switch (because) {
		case 'foreign': {
			return 'not this profile\'s: pass --include-outside or its PID to `tunnels kill`';
		}

		case 'socket-not-ours': {
			return 'left alone until what answers on its socket is stopped';
		}
	}
}

/** `port 9906 is now held by pid 77 (nc); it is left alone`, one clause per port, said after a kill's line and in `prune --json`. */
export function takenWords(taken: readonly PortTaken[]): string {
	return taken.map(entry => `${entry.listen.kind === 'tcp' ? `port ${entry.listen.port}` : `socket ${entry.listen.path}`} is now held by ${describeHolder(entry.holder)}; it is left alone`).join('; ');
}

export function outcomeLine({item, result}: PruneOutcome): string {
	const what = item.action === 'remove-socket' ? item.path : `pid ${item.process.pid}`;
	switch (result.kind) {
		case 'stopped': {
			return `killed  ${what} · ${result.by}`;
		}

		case 'refused': {
			return `left    ${what} · ${describeRefusal(result.reason)}`;
		}

		case 'failed': {
			return `FAILED  ${what} · ${result.reason}`;
		}

		case 'removed': {
			return `removed ${what}`;
		}

		case 'kept': {
			return `kept    ${what} · it answers again`;
		}
	}
}

/** A shared master has none on its command line: its tunnels' forwards were added through its socket. */
function forwardsWords(forwards: Parameters<typeof describeViewForwards>[0]): string {
	return forwards.length === 0 ? 'no forward on its command line' : describeViewForwards(forwards).join(', ');
}
