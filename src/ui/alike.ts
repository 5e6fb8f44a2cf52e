// Whether a refresh would show what is on screen already: then the state stays the very same object,
// React renders nothing and Ink draws nothing. A refresh every 2 s re-laid 200 rows for nothing
// (issue 14: idle CPU).
import {uptime} from '../present/status.js';
import {describeWatchState} from '../present/watch.js';
import type {WatchState} from '../watch/events.js';
import type {Snapshot} from './services.js';

/**
 * True when `next` equals `current` in every value but the time it was read at, and that time
 * changes no text: the UI words a time only as an uptime (present/status.ts `uptime`, from any
 * date of the snapshot) and as a keeper's next attempt (`describeWatchState`). The screen keeps the
 * older time then; the next refresh that changes a text brings the new one.
 */
export function showsAlike(current: Snapshot | undefined, next: Snapshot, watch: readonly WatchState[] | undefined): boolean {
	if (current === undefined) {
		return false;
	}

	if (current.kind !== 'loaded' || next.kind !== 'loaded') {
		return alike(current, next, []);
	}

	const dates: Date[] = [];
	return alike({...current, at: undefined}, {...next, at: undefined}, dates)
		&& dates.every(date => uptime(date, current.at) === uptime(date, next.at))
		&& (watch ?? []).every(state => describeWatchState(state, current.at) === describeWatchState(state, next.at));
}

/** Deep equality of plain data (objects, arrays, Maps, Sets, Dates); collects the dates met. Anything else is alike only to itself. */
function alike(a: unknown, b: unknown, dates: Date[]): boolean {
	if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) {
		return Object.is(a, b);
	}

	if (a instanceof Date || b instanceof Date) {
		if (!(a instanceof Date && b instanceof Date) || a.getTime() !== b.getTime()) return false;
		dates.push(a);
		return true;
	}

	if (Array.isArray(a) || Array.isArray(b)) {
		return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => alike(item, b[index], dates));
	}

	if (a instanceof Map || b instanceof Map) {
		return a instanceof Map && b instanceof Map && a.size === b.size && [...a].every(([key, value]) => b.has(key) && alike(value, b.get(key), dates));
	}

	if (a instanceof Set || b instanceof Set) {
		return a instanceof Set && b instanceof Set && a.size === b.size && [...a].every(item => b.has(item));
	}

	if (Object.getPrototypeOf(a) !== Object.prototype || Object.getPrototypeOf(b) !== Object.prototype) {
		return a === b;
	}

	const keys = Object.keys(a);
	return keys.length === Object.keys(b).length
		&& keys.every(key => Object.hasOwn(b, key) && alike((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], dates));
}
