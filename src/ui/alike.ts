// Whether a refresh would show what is on screen already: then the state stays the very same object,
// React renders nothing and Ink draws nothing. A refresh every 2 s re-laid 200 rows for nothing
// (issue 14: idle CPU).
import {uptime} from '../present/status.js';
import {describeWatchState} from '../present/watch.js';
import type {WatchState} from '../watch/events.js';
import type {Snapshot} from './services.js';

/**
 * True when `next` equals `current` in every value but the time it was read at, and that time
 * changes none of the texts made from it: a tunnel's and a stray's uptime (ui/look.ts rowCells,
 * components/tunnel-list.tsx, detail.tsx: present/status.ts `uptime`) and a keeper's next attempt
 * (`describeWatchState`); a text of a time added elsewhere belongs in `timeTexts` too. The screen
 * keeps the older time then; the next refresh that changes a text brings the new one.
 */
export function showsAlike(current: Snapshot | undefined, next: Snapshot, watch: readonly WatchState[] | undefined): boolean {
	if (current === undefined) {
		return false;
	}

	if (current.kind !== 'loaded' || next.kind !== 'loaded') {
		return alike(current, next);
	}

	if (!alike({...current, at: undefined}, {...next, at: undefined})) {
		return false;
	}

	const then = timeTexts(current, watch, current.at);
	const now = timeTexts(current, watch, next.at);
	return then.every((text, index) => text === now[index]);
}

type Loaded = Extract<Snapshot, {kind: 'loaded'}>;

/** Every text the screen makes of the time a snapshot was read at. */
function timeTexts(snapshot: Loaded, watch: readonly WatchState[] | undefined, at: Date): string[] {
	return [
		...snapshot.tunnels.map(({status}) => (status.kind === 'up' ? uptime(status.startedAt, at) : '')),
		...snapshot.strays.map(({process}) => uptime(process.startedAt, at)),
		...(watch ?? []).map(state => describeWatchState(state, at)),
	];
}

/** Deep equality of plain data (objects, arrays, Maps, Sets, Dates). Anything else is alike only to itself. */
function alike(a: unknown, b: unknown): boolean {
	if (a === b || typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) {
		return Object.is(a, b);
	}

	if (a instanceof Date || b instanceof Date) {
		return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
	}

	if (Array.isArray(a) || Array.isArray(b)) {
		return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => alike(item, b[index]));
	}

	if (a instanceof Map || b instanceof Map) {
		return a instanceof Map && b instanceof Map && a.size === b.size && [...a].every(([key, value]) => b.has(key) && alike(value, b.get(key)));
	}

	if (a instanceof Set || b instanceof Set) {
		return a instanceof Set && b instanceof Set && a.size === b.size && [...a].every(item => b.has(item));
	}

	if (Object.getPrototypeOf(a) !== Object.prototype || Object.getPrototypeOf(b) !== Object.prototype) {
		return a === b;
	}

	const keys = Object.keys(a);
	return keys.length === Object.keys(b).length
		&& keys.every(key => Object.hasOwn(b, key) && alike((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}
