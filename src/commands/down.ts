import {mapBounded} from '../bounded.js';
import {timeouts} from '../core/deps.js';
import {downTunnel} from '../core/down.js';
import {describeRefusal} from '../core/kill.js';
import {systemDeps} from '../core/system.js';
import {loadProfile, selectTargets, type GlobalOptions, type Io} from './context.js';

export type DownOptions = {
	readonly all?: boolean;
	readonly json?: boolean;
};

/** Stops tunnels; exit status 1 when a process could not be stopped. */
export async function downCommand(io: Io, globals: GlobalOptions, names: readonly string[], options: DownOptions): Promise<number> {
	const loaded = await loadProfile(io, globals);
	const targets = selectTargets(loaded, names, options.all ?? false);
	const deps = systemDeps(loaded, io.uid);
	const results = await mapBounded(targets, timeouts.tunnelConcurrency, async target => ({name: target.tunnel.name, result: await downTunnel(deps, target, loaded.socketDirectory, {stoppedBy: 'down'})}));
	if (options.json) {
		io.stdout(`${JSON.stringify(results.map(({name, result}) => ({name, ...result})), undefined, 2)}\n`);
	}

	let failed = false;
	for (const {name, result} of results) {
		if (result.kind === 'not-running') {
			if (!options.json && (!options.all || result.socketRemoved)) {
				io.stdout(`${name} was not running${result.socketRemoved ? '; removed its stale control socket' : ''}\n`);
			}

			continue;
		}

		for (const {pid, outcome} of result.stopped) {
			failed ||= outcome.kind !== 'stopped';
			if (!options.json) {
				if (outcome.kind === 'stopped') {
					io.stdout(`${name} down · pid ${pid} · ${outcome.by}\n`);
				} else {
					io.stderr(`error: ${name} not stopped · pid ${pid} · ${outcome.kind === 'refused' ? describeRefusal(outcome.reason) : outcome.reason}\n`);
				}
			}
		}
	}

	return failed ? 1 : 0;
}
