// The UI's log pane's source: a tunnel's history in the CLI's words (`tunnels logs`), then what is
// appended, until the pane closes.
import {lastEntries, readHistory, type HistoryEntry} from '../logs/history.js';
import {describeHistoryEntry} from '../present/logs.js';
import {followLog, readLogFiles} from '../store/tunnel-log.js';

/** How many lines the pane keeps: more than a terminal shows, fewer than a log holds. */
const keptLines = 200;

/**
 * Calls `listener` with the last lines of a tunnel's log (none while there is no log), then again
 * whenever lines are appended. Returns how to stop following.
 */
export function followTunnelLog(runtimeDirectory: string, name: string, listener: (lines: readonly string[]) => void): () => void {
	const stop = new AbortController();
	let lines: readonly string[] = [];
	const publish = (entries: readonly HistoryEntry[]) => {
		lines = [...lines, ...entries.map(entry => describeHistoryEntry(entry))].slice(-keptLines);
		if (!stop.signal.aborted) {
			listener(lines);
		}
	};

	void (async () => {
		const read = await readLogFiles(runtimeDirectory, name);
		publish(lastEntries(readHistory(read?.texts ?? []), keptLines));
		await followLog(runtimeDirectory, name, read?.currentBytes ?? 0, stop.signal, text => {
			publish(readHistory([text]));
		});
	})().catch(() => undefined);
	return () => {
		stop.abort();
	};
}
