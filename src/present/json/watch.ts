// `tunnels watch --json`: one object per event, in the shape it has always had. Events carry causes
// (who holds a port, what a start found instead); this JSON carries them as they were first written.
import type {WatchEvent, WatchFailure} from '../../watch/events.js';
import {describeHolder} from '../holders.js';
import {describeFound} from '../watch.js';

export type WatchFailureJson =
	| Exclude<WatchFailure, {readonly kind: 'port-taken' | 'unverified'}>
	| {readonly kind: 'port-taken'; readonly taken: ReadonlyArray<{readonly port: number; readonly address: string; readonly holder: string}>}
	| {readonly kind: 'unverified'; readonly state: string};

type WithFailure<Event, Key extends string> = Omit<Event, Key> & Record<Key, WatchFailureJson>;

export type WatchEventJson =
	| Exclude<WatchEvent, {readonly kind: 'restarted' | 'lost' | 'start-failed'}>
	| WithFailure<Extract<WatchEvent, {kind: 'restarted'}>, 'after'>
	| WithFailure<Extract<WatchEvent, {kind: 'lost' | 'start-failed'}>, 'failure'>;

/** The event with its failure, if any, as the JSON says it; every other field as it is, in its place. */
export function watchEventJson(event: WatchEvent): WatchEventJson {
	switch (event.kind) {
		case 'restarted': {
			return {...event, after: watchFailureJson(event.after)};
		}

		case 'lost':
		case 'start-failed': {
			return {...event, failure: watchFailureJson(event.failure)};
		}

		case 'watching':
		case 'adopted':
		case 'started':
		case 'stopped':
		case 'idle':
		case 'elsewhere':
		case 'woke':
		case 'network':
		case 'taken-down': {
			return event;
		}
	}
}

export function watchFailureJson(failure: WatchFailure): WatchFailureJson {
	switch (failure.kind) {
		case 'port-taken': {
			return {...failure, taken: failure.taken.map(taken => ({...taken, holder: describeHolder(taken.holder)}))};
		}

		case 'unverified': {
			return {kind: 'unverified', state: describeFound(failure.found)};
		}

		case 'process-gone':
		case 'unresponsive':
		case 'stale':
		case 'ssh-failed':
		case 'busy': {
			return failure;
		}
	}
}
