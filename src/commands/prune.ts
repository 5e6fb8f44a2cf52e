import {describeRefusal} from '../core/kill.js';
import {executePrune, planPrune, type PruneItem, type PruneOutcome, type StaleWhy} from '../core/prune.js';
import {systemDeps} from '../core/system.js';
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
	const deps = systemDeps(loaded, io.uid);
	// The ssh config's tunnels too: their masters would otherwise look like orphans of a deleted tunnel.
	const {targets} = await allTargetsOf(loaded, deps);
	const pruneOptions = {targets, runtimeDirectory: loaded.socketDirectory, ssh: loaded.ssh, includeForeign: options.includeForeign ?? false};
	const plan = await planPrune(deps, pruneOptions);
	const actionable = plan.filter(item => item.action !== 'skip');
	if (!options.json) {
		io.stdout(plan.length === 0 ? 'nothing is stale\n' : `${plan.map(item => planLine(item)).join('\n')}\n`);
	}

	const proceed = !options.dryRun && actionable.length > 0 && (options.yes || !io.interactive || await io.confirm(`${actionable.length === 1 ? 'do this' : `do these ${actionable.length}`}? [y/N] `));
	const outcomes = proceed ? await executePrune(deps, actionable, pruneOptions) : [];
	if (options.json) {
		io.stdout(`${JSON.stringify({plan: plan.map(item => itemJson(item)), executed: proceed, outcomes: outcomes.map(outcome => ({...itemJson(outcome.item), result: outcome.result}))}, undefined, 2)}\n`);
	} else {
		for (const outcome of outcomes) {
			io.stdout(`${outcomeLine(outcome)}\n`);
		}
	}

	return outcomes.some(({result}) => result.kind === 'failed') ? 1 : 0;
}

const whyWords: Record<StaleWhy, string> = {
	'no-listener': 'runs without all of its listeners',
	'socket-refused': 'control socket left behind by a dead master',
	'no-control-socket': 'runs without its control socket',
	'master-unresponsive': 'master does not answer on its socket',
	duplicate: 'a second process for the same tunnel',
	orphan: 'its tunnel is no longer in the profile file',
	unresponsive: 'the server does not answer through it',
};

function subjectWords(item: PruneItem): string {
	switch (item.subject.kind) {
		case 'profile': {
			return item.subject.name;
		}

		case 'orphan': {
			return 'not in the profile';
		}

		case 'foreign': {
			return 'not from a profile';
		}
	}
}

function planLine(item: PruneItem): string {
	switch (item.action) {
		case 'kill': {
			return `kill    pid ${item.process.pid} · ${subjectWords(item)} · ${item.forwards.join(', ')} · ${whyWords[item.why]}${item.note === undefined ? '' : ` (${item.note})`}`;
		}

		case 'remove-socket': {
			return `remove  ${item.path} · ${subjectWords(item)} · ${whyWords[item.why]}`;
		}

		case 'skip': {
			const because = item.because === 'foreign' ? 'started outside tunnels: pass --include-foreign or its PID to `tunnels kill`' : 'its socket is answered by something else';
			return `skip    pid ${item.process.pid} · ${subjectWords(item)} · ${item.forwards.join(', ')} · ${whyWords[item.why]}; ${because}`;
		}
	}
}

function outcomeLine({item, result}: PruneOutcome): string {
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

function itemJson(item: PruneItem): Record<string, unknown> {
	return item.action === 'remove-socket'
		? {...item}
		: {...item, process: undefined, pid: item.process.pid, argv: item.process.argv};
}
