// `tunnels down --json`: one entry per tunnel, its name then what was stopped.
import type {DownResult} from '../../core/down.js';
import {killOutcomeJson, type KillOutcomeJson} from './shared.js';

export type DownJson =
	/** a shared tunnel: its forwards closed on the master `pid`; `ended`: the master stopped too, as it carried nothing else */
	| {readonly name: string; readonly kind: 'released'; readonly pid: number; readonly ended: ReadonlyArray<{readonly pid: number; readonly outcome: KillOutcomeJson}>}
	| {readonly name: string; readonly kind: 'stopped'; readonly stopped: ReadonlyArray<{readonly pid: number; readonly outcome: KillOutcomeJson}>; readonly socketRemoved: boolean}
	/** `startStopped`: the PID of a `tunnels up` that was starting it, told to stop */
	| {readonly name: string; readonly kind: 'not-running'; readonly socketRemoved: boolean; readonly startStopped?: number};

export function downJson(results: ReadonlyArray<{readonly name: string; readonly result: DownResult}>): DownJson[] {
	return results.map(({name, result}) => downResultJson(name, result));
}

function downResultJson(name: string, result: DownResult): DownJson {
	switch (result.kind) {
		case 'stopped': {
			return {name, kind: result.kind, stopped: result.stopped.map(({pid, outcome}) => ({pid, outcome: killOutcomeJson(outcome)})), socketRemoved: result.socketRemoved};
		}

		case 'released': {
			return {name, kind: result.kind, pid: result.pid, ended: result.ended.map(({pid, outcome}) => ({pid, outcome: killOutcomeJson(outcome)}))};
		}

		case 'not-running': {
			return {name, kind: result.kind, socketRemoved: result.socketRemoved, ...(result.startStopped === undefined ? {} : {startStopped: result.startStopped})};
		}
	}
}
