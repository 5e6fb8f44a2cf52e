// `tunnels watch --json`: one JSON object per line, per event, as it happens.
import type {StopRecord} from '../../tunnel/status.js';
import type {WatchEvent, WatchFailure} from '../../watch/events.js';
import {describeHolder, describeSocketFileRefusal} from '../holders.js';
import {describeFound} from '../watch.js';
import {dateJson, sshFailureJson, staleReasonJson, type SshFailureJson, type StaleReasonJson} from './shared.js';

/**
 * Why a watched tunnel was lost, or why a start of it failed. A port's holder and what a start found
 * instead are causes inside; here they are the words they have always been.
 */
export type WatchFailureJson =
	| {readonly kind: 'process-gone'; readonly pid: number}
	| {readonly kind: 'unresponsive'; readonly pid: number; readonly silentMs: number}
	| {readonly kind: 'stale'; readonly reason: StaleReasonJson}
	| {readonly kind: 'ssh-failed'; readonly failure: SshFailureJson}
	| {readonly kind: 'port-taken'; readonly taken: ReadonlyArray<{readonly port: number; readonly address: string; readonly holder: string} | {readonly path: string; readonly holder: string}>}
	| {readonly kind: 'socket-file'; readonly refusals: ReadonlyArray<{readonly path: string; readonly why: string}>}
	| {readonly kind: 'unverified'; readonly state: string}
	| {readonly kind: 'busy'; readonly pid: number};

/** A person's stop: when (ISO string) and by which command. */
export type StopRecordJson = {readonly at: string; readonly by: 'down' | 'kill'};

/** `at` and `nextAt` are ISO strings. */
export type WatchEventJson =
	| {readonly kind: 'watching'; readonly at: string; readonly name: string; readonly policy: 'always' | 'on-failure'}
	| {readonly kind: 'adopted'; readonly at: string; readonly name: string; readonly pid: number}
	| {readonly kind: 'started'; readonly at: string; readonly name: string; readonly pid: number; readonly attempt: number}
	| {readonly kind: 'restarted'; readonly at: string; readonly name: string; readonly pid: number; readonly attempt: number; readonly after: WatchFailureJson}
	| {readonly kind: 'lost'; readonly at: string; readonly name: string; readonly failure: WatchFailureJson}
	| {readonly kind: 'start-failed'; readonly at: string; readonly name: string; readonly attempt: number; readonly failure: WatchFailureJson; readonly nextAt: string}
	| {readonly kind: 'stopped'; readonly at: string; readonly name: string; readonly stop: StopRecordJson}
	| {readonly kind: 'idle'; readonly at: string; readonly name: string}
	| {readonly kind: 'elsewhere'; readonly at: string; readonly name: string; readonly pid: number; readonly keeper?: 'service' | 'watch' | 'ui'}
	| {readonly kind: 'gave-up'; readonly at: string; readonly name: string; readonly failure: WatchFailureJson}
	| {readonly kind: 'woke'; readonly at: string; readonly sleptMs: number}
	| {readonly kind: 'network'; readonly at: string; readonly ready: boolean; readonly waitedMs: number}
	| {readonly kind: 'reloaded'; readonly at: string; readonly added: readonly string[]; readonly removed: readonly string[]; readonly released: readonly string[]; readonly changed: readonly string[]}
	| {readonly kind: 'profile-refused'; readonly at: string; readonly file: string; readonly message: string; readonly detail?: string}
	| {readonly kind: 'unwatched'; readonly at: string; readonly name: string; readonly why: 'removed' | 'not-kept'; readonly stopped: readonly number[]}
	| {readonly kind: 'taken-down'; readonly at: string; readonly name: string; readonly stopped: readonly number[]; readonly failed: readonly number[]};

export function watchEventJson(event: WatchEvent): WatchEventJson {
	const at = dateJson(event.at);
	switch (event.kind) {
		case 'watching': {
			return {kind: event.kind, at, name: event.name, policy: event.policy};
		}

		case 'adopted': {
			return {kind: event.kind, at, name: event.name, pid: event.pid};
		}

		case 'elsewhere': {
			return {kind: event.kind, at, name: event.name, pid: event.pid, ...(event.keeper === undefined ? {} : {keeper: event.keeper})};
		}

		case 'started': {
			return {kind: event.kind, at, name: event.name, pid: event.pid, attempt: event.attempt};
		}

		case 'restarted': {
			return {kind: event.kind, at, name: event.name, pid: event.pid, attempt: event.attempt, after: watchFailureJson(event.after)};
		}

		case 'lost':
		case 'gave-up': {
			return {kind: event.kind, at, name: event.name, failure: watchFailureJson(event.failure)};
		}

		case 'start-failed': {
			return {kind: event.kind, at, name: event.name, attempt: event.attempt, failure: watchFailureJson(event.failure), nextAt: dateJson(event.nextAt)};
		}

		case 'stopped': {
			return {kind: event.kind, at, name: event.name, stop: stopRecordJson(event.stop)};
		}

		case 'idle': {
			return {kind: event.kind, at, name: event.name};
		}

		case 'woke': {
			return {kind: event.kind, at, sleptMs: event.sleptMs};
		}

		case 'network': {
			return {kind: event.kind, at, ready: event.ready, waitedMs: event.waitedMs};
		}

		case 'reloaded': {
			return {kind: event.kind, at, added: [...event.added], removed: [...event.removed], released: [...event.released], changed: [...event.changed]};
		}

		case 'profile-refused': {
			return {kind: event.kind, at, file: event.file, message: event.message, ...(event.detail === undefined ? {} : {detail: event.detail})};
		}

		case 'unwatched': {
			return {kind: event.kind, at, name: event.name, why: event.why, stopped: [...event.stopped]};
		}

		case 'taken-down': {
			return {kind: event.kind, at, name: event.name, stopped: [...event.stopped], failed: [...event.failed]};
		}
	}
}

function watchFailureJson(failure: WatchFailure): WatchFailureJson {
	switch (failure.kind) {
		case 'process-gone':
		case 'busy': {
			return {kind: failure.kind, pid: failure.pid};
		}

		case 'unresponsive': {
			return {kind: failure.kind, pid: failure.pid, silentMs: failure.silentMs};
		}

		case 'stale': {
			return {kind: failure.kind, reason: staleReasonJson(failure.reason)};
		}

		case 'ssh-failed': {
			return {kind: failure.kind, failure: sshFailureJson(failure.failure)};
		}

		case 'port-taken': {
			return {kind: failure.kind, taken: failure.taken.map(taken => ('path' in taken
				? {path: taken.path, holder: describeHolder(taken.holder)}
				: {port: taken.port, address: taken.address, holder: describeHolder(taken.holder)}))};
		}

		case 'socket-file': {
			return {kind: failure.kind, refusals: failure.refusals.map(refusal => ({path: refusal.path, why: describeSocketFileRefusal(refusal).message}))};
		}

		case 'unverified': {
			return {kind: failure.kind, state: describeFound(failure.found)};
		}
	}
}

function stopRecordJson(stop: StopRecord): StopRecordJson {
	return {at: stop.at, by: stop.by};
}
