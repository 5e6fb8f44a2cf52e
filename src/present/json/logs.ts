// `tunnels logs NAME --json`: the tunnel's history as declared entries; with `-f`, one entry per line.
import type {HistoryEntry} from '../../logs/history.js';
import {dateJson} from './shared.js';
import {watchEventJson, type WatchEventJson} from './watch.js';

/** ssh's own line as it wrote it; the tool's start of ssh; a keeper's event (`keeperPid` is the keeper's). */
export type LogEntryJson =
	| {readonly kind: 'ssh'; readonly line: string}
	| {readonly kind: 'start'; readonly at: string; readonly pid: number}
	| {readonly kind: 'event'; readonly keeperPid: number; readonly event: WatchEventJson};

export type LogsJson = {readonly name: string; readonly file: string; readonly entries: readonly LogEntryJson[]};

export function logEntryJson(entry: HistoryEntry): LogEntryJson {
	if (entry.kind === 'ssh') {
		return {kind: 'ssh', line: entry.line.replace(/\r$/, '')};
	}

	const {record} = entry;
	switch (record.kind) {
		case 'start': {
			return {kind: 'start', at: dateJson(record.at), pid: record.pid};
		}

		case 'watch': {
			return {kind: 'event', keeperPid: record.pid, event: watchEventJson(record.event)};
		}
	}
}

export function logsJson(name: string, file: string, entries: readonly HistoryEntry[]): LogsJson {
	return {name, file, entries: entries.map(entry => logEntryJson(entry))};
}
