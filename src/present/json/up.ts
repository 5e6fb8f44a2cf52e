// `tunnels up --json`: one entry per tunnel, its name then what came of starting it.
import type {UpResult} from '../../core/up.js';
import type {RemoteBinding} from '../../core/remote-binding.js';
import {
	boundForwardJson, forwardJson, sshFailureJson, staleStatusJson, takenAddressJson, tunnelStatusJson,
	type BoundForwardJson, type ForwardJson, type SshFailureJson, type StaleStatusJson, type TakenAddressJson, type TunnelStatusJson,
} from './shared.js';
import {describeSocketFileRefusal} from '../holders.js';
import {describeBindingUnknown} from '../remote-binding.js';

/** Where the server really bound a remote forward that asked for more than loopback. */
export type RemoteBindingJson =
	| {readonly kind: 'beyond-loopback' | 'loopback-only'; readonly address: string}
	/** why it cannot be told, as a sentence: the cause inside, the words it has always been here */
	| {readonly kind: 'unknown'; readonly why: string};

export type UpJson =
	| {readonly name: string; readonly kind: 'started'; readonly pid: number; readonly forwards: readonly BoundForwardJson[]; readonly elapsedMs: number; readonly remoteBindings: ReadonlyArray<{readonly forward: ForwardJson; readonly binding: RemoteBindingJson}>}
	| {readonly name: string; readonly kind: 'already-up'; readonly pid: number; readonly forwards: readonly BoundForwardJson[]}
	| {readonly name: string; readonly kind: 'port-taken'; readonly taken: readonly TakenAddressJson[]}
	/** `why`: the sentence `tunnels up` prints for it */
	| {readonly name: string; readonly kind: 'socket-file'; readonly refusals: ReadonlyArray<{readonly path: string; readonly why: string}>}
	| {readonly name: string; readonly kind: 'failed'; readonly failure: SshFailureJson; readonly stderr: string}
	| {readonly name: string; readonly kind: 'stale'; readonly status: StaleStatusJson}
	| {readonly name: string; readonly kind: 'unverified'; readonly status: TunnelStatusJson}
	| {readonly name: string; readonly kind: 'busy'; readonly pid: number}
	/** a person's `down` (or `kill NAME`) came while it started: the start undid itself */
	| {readonly name: string; readonly kind: 'stopped'; readonly by: 'down' | 'kill'; readonly at: string};

export function upJson(results: ReadonlyArray<{readonly name: string; readonly result: UpResult}>): UpJson[] {
	return results.map(({name, result}) => upResultJson(name, result));
}

function upResultJson(name: string, result: UpResult): UpJson {
	switch (result.kind) {
		case 'started': {
			return {
				name,
				kind: result.kind,
				pid: result.pid,
				forwards: result.forwards.map(forward => boundForwardJson(forward)),
				elapsedMs: result.elapsedMs,
				remoteBindings: result.remoteBindings.map(({forward, binding}) => ({forward: forwardJson({kind: 'remote', forward}), binding: remoteBindingJson(binding)})),
			};
		}

		case 'already-up': {
			return {name, kind: result.kind, pid: result.pid, forwards: result.forwards.map(forward => boundForwardJson(forward))};
		}

		case 'port-taken': {
			return {name, kind: result.kind, taken: result.taken.map(taken => takenAddressJson(taken))};
		}

		case 'socket-file': {
			return {name, kind: result.kind, refusals: result.refusals.map(refusal => ({path: refusal.path, why: describeSocketFileRefusal(refusal).message}))};
		}

		case 'failed': {
			return {name, kind: result.kind, failure: sshFailureJson(result.failure), stderr: result.stderr};
		}

		case 'stale': {
			return {name, kind: result.kind, status: staleStatusJson(result.status)};
		}

		case 'unverified': {
			return {name, kind: result.kind, status: tunnelStatusJson(result.status)};
		}

		case 'busy': {
			return {name, kind: result.kind, pid: result.pid};
		}

		case 'stopped': {
			return {name, kind: result.kind, by: result.stop.by, at: result.stop.at};
		}
	}
}

function remoteBindingJson(binding: RemoteBinding): RemoteBindingJson {
	switch (binding.kind) {
		case 'beyond-loopback':
		case 'loopback-only': {
			return {kind: binding.kind, address: binding.address};
		}

		case 'unknown': {
			return {kind: binding.kind, why: describeBindingUnknown(binding.why)};
		}
	}
}
