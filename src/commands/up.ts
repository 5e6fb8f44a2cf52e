import {systemDeps} from '../core/system.js';
import {describeRemoteBinding} from '../core/remote-binding.js';
import {upTunnel, type UpResult} from '../core/up.js';
import {describeFailure} from '../ssh/failure.js';
import {describeHolder} from '../core/holders.js';
import {describeBoundForward, describeRoute, describeStale, exposureWarnings} from '../tunnel/describe.js';
import {mapBounded} from '../bounded.js';
import {timeouts, type TunnelTarget} from '../core/deps.js';
import {loadProfile, selectTargets, targetsOf, type GlobalOptions, type Io} from './context.js';

export type UpOptions = {
	readonly all?: boolean;
	/** never prompt: BatchMode even from a terminal */
	readonly batch?: boolean;
	readonly json?: boolean;
};

/** Starts tunnels; exit status 1 when any did not end up running. */
export async function upCommand(io: Io, globals: GlobalOptions, names: readonly string[], options: UpOptions): Promise<number> {
	const loaded = await loadProfile(io, globals);
	const selected = selectTargets(loaded, names, options.all ?? false);
	const deps = systemDeps(loaded, io.uid);
	const interactive = io.interactive && !options.batch;
	const start = async (target: TunnelTarget) => ({target, result: await upTunnel(deps, target, {interactive, targets: targetsOf(loaded), runtimeDirectory: loaded.socketDirectory, clearsStop: true})});
	// Prompts on one terminal cannot interleave: one at a time when ssh may ask; otherwise in parallel.
	const results = interactive
		? await mapBounded(selected, 1, start)
		: await mapBounded(selected, timeouts.tunnelConcurrency, start);

	if (options.json) {
		io.stdout(`${JSON.stringify(results.map(({target, result}) => ({name: target.tunnel.name, ...result})), undefined, 2)}\n`);
	} else {
		for (const {target, result} of results) {
			report(io, target, result, interactive);
		}
	}

	return results.every(({result}) => result.kind === 'started' || result.kind === 'already-up') ? 0 : 1;
}

function report(io: Io, target: TunnelTarget, result: UpResult, interactive: boolean): void {
	const {tunnel} = target;
	const name = tunnel.name;
	switch (result.kind) {
		case 'started': {
			const forwards = result.forwards.map(forward => describeBoundForward(forward, tunnel.gateway)).join(', ');
			io.stdout(`${name} up · pid ${result.pid} · ${forwards} via ${describeRoute(tunnel)} · ${Math.round(result.elapsedMs)} ms\n`);
			for (const warning of exposureWarnings(tunnel)) {
				io.stderr(`warning: ${warning}\n`);
			}

			for (const {forward, binding} of result.remoteBindings) {
				io.stderr(`  ${describeRemoteBinding(binding, forward.port)}\n`);
			}

			return;
		}

		case 'already-up': {
			io.stdout(`${name} is already up · pid ${result.pid}; nothing started\n`);
			return;
		}

		case 'port-taken': {
			for (const taken of result.taken) {
				io.stderr(`error: ${name}: port ${taken.forward.port} on ${taken.address} is taken by ${describeHolder(taken.holder)}; nothing was started\n`);
			}

			return;
		}

		case 'failed': {
			const {message, hint} = describeFailure(result.failure, !interactive);
			const said = result.stderr.trim() === '' ? '' : `\n  ssh said: ${result.stderr.trim().split('\n').join('\n    ')}`;
			io.stderr(`error: ${name}: ${message}${said}\n${hint === undefined ? '' : `  hint: ${hint}\n`}`);
			return;
		}

		case 'stale': {
			io.stderr(`error: ${name} is stale (${describeStale(result.status.reason)}, pid ${result.status.pids.join(', ')}); nothing was started\n  hint: run: tunnels down ${name}\n`);
			return;
		}

		case 'unverified': {
			io.stderr(`error: ${name}: ssh started but the tunnel did not come up as asked (${result.status.kind === 'stale' ? describeStale(result.status.reason) : result.status.kind}); it was stopped\n`);
			return;
		}

		case 'busy': {
			io.stderr(`error: ${name}: another tunnels process (pid ${result.pid}) is starting it and did not finish in time\n`);
		}
	}
}
