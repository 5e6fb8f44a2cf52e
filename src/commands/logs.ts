import {lastEntries, readHistory, type HistoryEntry} from '../logs/history.js';
import {tunnelLogPath} from '../logs/paths.js';
import {UserError} from '../errors.js';
import {logEntryJson, logsJson} from '../present/json/logs.js';
import {describeHistoryEntry, noLogYet, waitingForLog} from '../present/logs.js';
import {checkRuntimeDirectory} from '../store/runtime.js';
import {followLog, readLogFiles} from '../store/tunnel-log.js';
import {loadProfile, type GlobalOptions, type Io} from './context.js';
import {findTarget} from './targets.js';

export type LogsOptions = {
	readonly follow?: boolean;
	/** the last N lines of the history */
	readonly lines?: string;
	readonly json?: boolean;
};

export const defaultLogLines = 50;

/**
 * `tunnels logs NAME [-f] [-n N] [--json]`: what ssh wrote to the tunnel's log and what its keepers
 * did, in the order it happened. `-f` goes on printing what is appended until SIGINT or SIGTERM.
 */
export async function logsCommand(io: Io, globals: GlobalOptions, name: string, options: LogsOptions): Promise<void> {
	const count = lineCount(options.lines);
	const loaded = await loadProfile(io, globals);
	const {target} = await findTarget(loaded, name, async () => (await import('./targets.js')).allTargetsOf(loaded, (await import('../core/system.js')).systemDeps(loaded, io.uid)));
	// What is read here is shown as ssh's words: only from a directory that is ours alone.
	await checkRuntimeDirectory(loaded.socketDirectory, loaded.socketBase, io.uid);
	const tunnelName = target.tunnel.name;
	const file = tunnelLogPath(loaded.socketDirectory, tunnelName);
	const read = await readLogFiles(loaded.socketDirectory, tunnelName);
	const show = (entries: readonly HistoryEntry[]) => {
		for (const entry of entries) {
			io.stdout(`${options.json ? JSON.stringify(logEntryJson(entry)) : describeHistoryEntry(entry)}\n`);
		}
	};

	if (read === undefined && !options.follow) {
		const {message, hint} = noLogYet(tunnelName, file);
		throw new UserError(message, hint, 1);
	}

	const entries = lastEntries(readHistory(read?.texts ?? []), count);
	if (!options.follow) {
		if (options.json) {
			io.stdout(`${JSON.stringify(logsJson(tunnelName, file, entries), undefined, 2)}\n`);
		} else {
			show(entries);
		}

		return;
	}

	if (read === undefined) {
		io.stderr(`${waitingForLog(tunnelName)}\n`);
	}

	show(entries);
	const stop = new AbortController();
	const unsubscribe = io.onStopSignal(() => {
		stop.abort();
	});
	try {
		await followLog(loaded.socketDirectory, tunnelName, read?.currentBytes ?? 0, stop.signal, text => {
			show(readHistory([text]));
		});
	} finally {
		unsubscribe();
	}
}

function lineCount(text: string | undefined): number {
	if (text === undefined) {
		return defaultLogLines;
	}

	const count = Number(text);
	if (!/^\d+$/.test(text) || !Number.isSafeInteger(count)) {
		throw new UserError(`-n takes a number of lines, got \`${text}\``, `e.g. tunnels logs NAME -n ${defaultLogLines}`);
	}

	return count;
}
