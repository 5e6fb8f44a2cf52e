import {parseRecord, recordPrefix, type HistoryRecord} from './record.js';

/** One line of a tunnel's history, in the order it was written. */
export type HistoryEntry =
	| {readonly kind: 'ssh'; readonly line: string}
	| {readonly kind: 'record'; readonly record: HistoryRecord};

/**
 * The history of the rotated file, then the current one. Both writers append to one file, so the
 * file's order is the order things happened: merging is concatenation, never a sort (ssh's lines
 * carry no time of their own).
 */
export function readHistory(texts: readonly string[]): HistoryEntry[] {
	return texts.flatMap(text => text.split('\n')).filter(line => line.trim() !== '' && !isProbeLine(line)).map((line): HistoryEntry => {
		const record = parseRecord(line);
		return record === undefined ? {kind: 'ssh', line} : {kind: 'record', record};
	});
}

/** The last `count` entries (all for a count at or over their number). */
export function lastEntries(entries: readonly HistoryEntry[], count: number): HistoryEntry[] {
	return count <= 0 ? [] : entries.slice(-count);
}

/**
 * What ssh itself wrote in a stretch of the log, for reading a failure: the tool's records left out,
 * and the \r that ssh ends its log lines with (log.c writes "\r\n").
 */
export function sshLinesOf(text: string): string {
	return text.split('\n').filter(line => !line.startsWith(recordPrefix)).map(line => line.replace(/\r$/, '')).join('\n');
}

/**
 * The line a master writes for each server probe a keeper makes (mux/server-probe.ts asks for a
 * forward at a path that can never be bound): the keeper's own doing, not the tunnel's history.
 */
function isProbeLine(line: string): boolean {
	return /remote port forwarding failed for listen path \/dev\/null\/tunnels-probe-[0-9a-f]+\r?$/.test(line);
}
