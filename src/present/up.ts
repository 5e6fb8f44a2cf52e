// How the result of starting a tunnel is said, the same in `tunnels up` and the UI.
import type {UpResult} from '../core/up.js';
import type {Tunnel} from '../profile/types.js';
import {describeFailure} from './failure.js';
import {describeBoundForward, describeRoute, exposureWarnings} from './forwards.js';
import {describeSocketFileRefusal, describeTaken} from './holders.js';
import {describeRemoteBinding} from './remote-binding.js';
import {describeStale} from './stale.js';

/** One line of a report: `info` and `detail` lines are plain, `warning` and `error` lines get their prefix where printed. */
export type ReportLine = {readonly level: 'info' | 'warning' | 'error' | 'detail'; readonly text: string};

/**
 * Every line `up` says about one tunnel, the headline first. `batch`: ssh could not ask anyone,
 * which changes the hint for authentication failures.
 */
export function describeUpResult(tunnel: Tunnel, result: UpResult, batch: boolean): ReportLine[] {
	const {name} = tunnel;
	switch (result.kind) {
		case 'started': {
			const forwards = result.forwards.map(forward => describeBoundForward(forward, tunnel.gateway)).join(', ');
			return [
				{level: 'info', text: `${name} up · pid ${result.pid} · ${forwards} via ${describeRoute(tunnel)} · ${Math.round(result.elapsedMs)} ms`},
				...exposureWarnings(tunnel, result.forwards).map(text => ({level: 'warning' as const, text})),
				...result.remoteBindings.map(({forward, binding}) => ({level: 'detail' as const, text: `  ${describeRemoteBinding(binding, forward.listen.port)}`})),
			];
		}

		case 'already-up': {
			return [{level: 'info', text: `${name} is already up · pid ${result.pid}; nothing started`}];
		}

		case 'port-taken': {
			return result.taken.map(taken => ({level: 'error', text: `${name}: ${describeTaken(taken)}; nothing was started`}));
		}

		case 'socket-file': {
			return result.refusals.flatMap(refusal => {
				const {message, hint} = describeSocketFileRefusal(refusal);
				return [{level: 'error' as const, text: `${name}: ${message}; nothing was started`}, {level: 'detail' as const, text: `  hint: ${hint}`}];
			});
		}

		case 'failed': {
			const {message, hint} = describeFailure(result.failure, batch);
			const said = result.stderr.trim();
			return [
				{level: 'error', text: `${name}: ${message}`},
				...(said === '' ? [] : [{level: 'detail' as const, text: `  ssh said: ${said.split('\n').join('\n    ')}`}]),
				...(hint === undefined ? [] : [{level: 'detail' as const, text: `  hint: ${hint}`}]),
			];
		}

		case 'stale': {
			return [
				{level: 'error', text: `${name} is stale (${describeStale(result.status.reason)}, pid ${result.status.pids.join(', ')}); nothing was started`},
				{level: 'detail', text: `  hint: run: tunnels down ${name}`},
			];
		}

		case 'unverified': {
			return [{level: 'error', text: `${name}: ssh started but the tunnel did not come up as asked (${result.status.kind === 'stale' ? describeStale(result.status.reason) : result.status.kind}); it was stopped`}];
		}

		case 'busy': {
			return [{level: 'error', text: `${name}: another tunnels process (pid ${result.pid}) is starting it and did not finish in time`}];
		}

		case 'stopped': {
			return [{level: 'error', text: `${name}: stopped by \`tunnels ${result.stop.by}\` while it was starting; what this start began was stopped`}];
		}
	}
}
