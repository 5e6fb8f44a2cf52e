import {mapBounded} from '../bounded.js';
import {timeouts} from '../core/timeouts.js';
import {downTunnel} from '../core/down.js';
import {checkedDeps} from './effects.js';
import {describeDownResult} from '../present/down.js';
import {downJson} from '../present/json/down.js';
import {loadProfile, type GlobalOptions, type Io, writeReport} from './context.js';
import {allTargetsOf, selectTargets} from './targets.js';

export type DownOptions = {
	readonly all?: boolean;
	readonly json?: boolean;
};

/** Stops tunnels; exit status 1 when a process could not be stopped. */
export async function downCommand(io: Io, globals: GlobalOptions, names: readonly string[], options: DownOptions): Promise<number> {
	const loaded = await loadProfile(io, globals);
	const deps = await checkedDeps(loaded, io.uid);
	// `--all` stops the ssh config's tunnels too: whatever runs is stopped.
	const {selected} = await selectTargets(loaded, names, {all: options.all ?? false, withConfig: true, discover: async () => allTargetsOf(loaded, deps)});
	const results = await mapBounded(selected, timeouts.tunnelConcurrency, async target => ({name: target.tunnel.name, result: await downTunnel(deps, target, {stoppedBy: 'down'})}));
	if (options.json) {
		io.stdout(`${JSON.stringify(downJson(results), undefined, 2)}\n`);
	}

	for (const {name, result} of results) {
		// With --all, tunnels that were not running are not worth a line each.
		if (options.json || (options.all && result.kind === 'not-running' && !result.socketRemoved)) {
			continue;
		}

		writeReport(io, describeDownResult(name, result));
	}

	return results.some(({result}) => result.kind === 'stopped' && result.stopped.some(({outcome}) => outcome.kind !== 'stopped')) ? 1 : 0;
}
