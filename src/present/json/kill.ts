// `tunnels kill --json`: one entry per process signalled or refused, in the order named.
import type {KillOutcome} from '../../core/kill.js';
import {killOutcomeJson, type KillOutcomeJson} from './shared.js';

export type KillJson = {
	/** the name or PID as given on the command line */
	readonly target: string;
	/** absent for a named tunnel that was not running */
	readonly pid?: number;
	readonly outcome: KillOutcomeJson | {readonly kind: 'not-running'} | {readonly kind: 'released'};
};

export type KillResult = {readonly target: string; readonly pid: number | undefined; readonly outcome: KillOutcome | {readonly kind: 'not-running'} | {readonly kind: 'released'}};

export function killJson(results: readonly KillResult[]): KillJson[] {
	return results.map(({target, pid, outcome}) => ({target, pid, outcome: outcome.kind === 'not-running' || outcome.kind === 'released' ? {kind: outcome.kind} : killOutcomeJson(outcome)}));
}
