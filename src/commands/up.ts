import {checkedDeps} from './effects.js';
import {upTunnels} from '../core/up-many.js';
import {takeTunnelsSnapshot} from '../core/observe.js';
import {timeouts} from '../core/timeouts.js';
import {describeUpResult} from '../present/up.js';
import {upJson} from '../present/json/up.js';
import {loadProfile, type GlobalOptions, type Io, writeReport} from './context.js';
import {allTargetsOf, selectTargets} from './targets.js';

export type UpOptions = {
	readonly all?: boolean;
	/** never prompt: BatchMode even from a terminal */
	readonly batch?: boolean;
	readonly json?: boolean;
};

/** Starts tunnels; exit status 1 when any did not end up running. */
export async function upCommand(io: Io, globals: GlobalOptions, names: readonly string[], options: UpOptions): Promise<number> {
	const loaded = await loadProfile(io, globals);
	const deps = await checkedDeps(loaded, io.uid);
	// `--all` starts the profile's tunnels; those of the ssh config are started by name.
	const {selected, known} = await selectTargets(loaded, names, {all: options.all ?? false, withConfig: false, discover: async () => allTargetsOf(loaded, deps)});
	const interactive = io.interactive && !options.batch;
	// One look at the processes for all the starts: each start looking for itself made `up --all` quadratic (issue 17).
	const snapshot = selected.length > 1 ? await takeTunnelsSnapshot(deps, selected) : undefined;
	// Prompts on one terminal cannot interleave: one at a time when ssh may ask; otherwise in parallel.
	const started = await upTunnels(deps, selected, {prompt: interactive ? {kind: 'terminal'} : {kind: 'none'}, targets: known, clearsStop: true, snapshot}, interactive ? 1 : timeouts.tunnelConcurrency);
	const results = selected.map((target, index) => ({target, result: started[index]!}));

	if (options.json) {
		io.stdout(`${JSON.stringify(upJson(results.map(({target, result}) => ({name: target.tunnel.name, result}))), undefined, 2)}\n`);
	} else {
		for (const {target, result} of results) {
			writeReport(io, describeUpResult(target.tunnel, result, !interactive));
		}
	}

	return results.every(({result}) => result.kind === 'started' || result.kind === 'already-up') ? 0 : 1;
}
