import {executePrune, planPrune} from '../core/prune.js';
import {checkedDeps} from './effects.js';
import {pruneJson} from '../present/json/prune.js';
import {outcomeLine, planText, pruneQuestion} from '../present/prune.js';
import {loadProfile, type GlobalOptions, type Io} from './context.js';
import {allTargetsOf} from './targets.js';

export type PruneOptions = {
	readonly dryRun?: boolean;
	readonly yes?: boolean;
	readonly json?: boolean;
	readonly includeForeign?: boolean;
};

/** Finds stale tunnels and sockets, prints the plan with the evidence, and carries it out. */
export async function pruneCommand(io: Io, globals: GlobalOptions, options: PruneOptions): Promise<number> {
	const loaded = await loadProfile(io, globals);
	const deps = await checkedDeps(loaded, io.uid);
	// The ssh config's tunnels too: their masters would otherwise look like orphans of a deleted tunnel.
	const {targets} = await allTargetsOf(loaded, deps);
	const pruneOptions = {targets, ssh: loaded.ssh, includeForeign: options.includeForeign ?? false};
	const plan = await planPrune(deps, pruneOptions);
	const actionable = plan.filter(item => item.action !== 'skip');
	if (!options.json) {
		io.stdout(`${planText(plan)}\n`);
	}

	const proceed = !options.dryRun && actionable.length > 0 && (options.yes || !io.interactive || await io.confirm(pruneQuestion(actionable.length)));
	const outcomes = proceed ? await executePrune(deps, actionable, pruneOptions) : [];
	if (options.json) {
		io.stdout(`${JSON.stringify(pruneJson({plan, executed: proceed, outcomes}), undefined, 2)}\n`);
	} else {
		for (const outcome of outcomes) {
			io.stdout(`${outcomeLine(outcome)}\n`);
		}
	}

	return outcomes.some(({result}) => result.kind === 'failed') ? 1 : 0;
}
