// How the result of stopping a tunnel is said, the same in `tunnels down` and the UI.
import type {DownResult} from '../core/down.js';
import {describeRefusal} from './kill.js';
import type {ReportLine} from './up.js';

export function describeDownResult(name: string, result: DownResult): ReportLine[] {
	if (result.kind === 'not-running' && result.startStopped !== undefined) {
		return [{level: 'info', text: `${name} was starting (tunnels pid ${result.startStopped}): that start was stopped${result.socketRemoved ? '; removed its stale control socket' : ''}`}];
	}

	if (result.kind === 'released') {
		const ended = result.ended.length === 0 ? '' : ` · the shared connection ended with its last tunnel`;
		return [
			{level: 'info', text: `${name} down · its forwards closed on the shared connection (pid ${result.pid})${ended}`},
			...result.ended.flatMap(({pid, outcome}): ReportLine[] => (outcome.kind === 'stopped' ? [] : [{level: 'error', text: `shared connection not stopped · pid ${pid} · ${outcome.kind === 'refused' ? describeRefusal(outcome.reason) : outcome.reason}`}])),
		];
	}

	if (result.kind === 'not-running') {
		return [{level: 'info', text: `${name} was not running${result.socketRemoved ? '; removed its stale control socket' : ''}`}];
	}

	return result.stopped.map(({pid, outcome}): ReportLine => (outcome.kind === 'stopped'
		? {level: 'info', text: `${name} down · pid ${pid} · ${outcome.by}`}
		: {level: 'error', text: `${name} not stopped · pid ${pid} · ${outcome.kind === 'refused' ? describeRefusal(outcome.reason) : outcome.reason}`}));
}
