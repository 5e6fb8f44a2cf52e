// The lines the tool itself writes into a tunnel's log, among ssh's own: one JSON record a line
// behind a prefix. ssh never starts a line with it: its log lines are its own messages, and what a
// server sends is quoted inside them with control characters written out (log.c, strnvis).
import type {WatchEvent} from '../watch/events.js';

export type HistoryRecord =
	/** this process is about to run ssh for the tunnel: ssh's lines that follow are this start's */
	| {readonly kind: 'start'; readonly at: Date; readonly pid: number}
	/** a keeper's event (`tunnels watch`, the UI's keeper): `pid` is the keeper's */
	| {readonly kind: 'watch'; readonly pid: number; readonly event: WatchEvent};

export const recordPrefix = '@tunnels ';

export function formatRecord(record: HistoryRecord): string {
	return `${recordPrefix}${JSON.stringify(record)}\n`;
}

/** A record line read back; undefined for a line that is not one (or one from a newer version). */
export function parseRecord(line: string): HistoryRecord | undefined {
	if (!line.startsWith(recordPrefix)) {
		return undefined;
	}

	try {
		const value = JSON.parse(line.slice(recordPrefix.length)) as {kind?: unknown; at?: unknown; pid?: unknown; event?: Record<string, unknown> | null};
		if (value.kind === 'start' && typeof value.at === 'string' && typeof value.pid === 'number') {
			return {kind: 'start', at: new Date(value.at), pid: value.pid};
		}

		const event = value.event;
		if (value.kind === 'watch' && typeof value.pid === 'number' && typeof event === 'object' && event !== null && typeof event['at'] === 'string' && isEventKind(event['kind'])) {
			return {kind: 'watch', pid: value.pid, event: reviveDates(event) as WatchEvent};
		}
	} catch {}

	return undefined;
}

/**
 * The kinds of event this version words. A record of another kind (written by a newer version) is
 * shown as the line it is rather than worded wrong; a new kind of WatchEvent must be added here.
 */
const eventKinds: Readonly<Record<WatchEvent['kind'], true>> = {
	watching: true, adopted: true, started: true, restarted: true, lost: true, 'start-failed': true, stopped: true, idle: true, elsewhere: true, woke: true, network: true, 'taken-down': true,
	'gave-up': true, reloaded: true, 'profile-refused': true, unwatched: true,
};

function isEventKind(kind: unknown): boolean {
	return typeof kind === 'string' && Object.hasOwn(eventKinds, kind);
}

// JSON keeps a Date as its ISO string: the event's own times come back as Dates (a StopRecord's `at` is a string already).
function reviveDates(event: Record<string, unknown>): Record<string, unknown> {
	const revived = {...event};
	for (const key of ['at', 'nextAt']) {
		const value = revived[key];
		if (typeof value === 'string') {
			revived[key] = new Date(value);
		}
	}

	return revived;
}
