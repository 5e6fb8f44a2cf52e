// A tunnel's history in a person's words: the tool's records with their times, ssh's own lines as
// ssh wrote them, indented under the start or event they follow.
import type {HistoryEntry} from '../logs/history.js';
import {describeWatchEvent, timestamp} from './watch.js';

export function describeHistoryEntry(entry: HistoryEntry): string {
	if (entry.kind === 'ssh') {
		// ssh ends its log lines with \r\n (log.c): the \r is not part of what it said.
		return `  ${entry.line.replace(/\r$/, '')}`;
	}

	const {record} = entry;
	switch (record.kind) {
		case 'start': {
			return `${timestamp(record.at)} starting ssh · by pid ${record.pid}`;
		}

		case 'watch': {
			return `${describeWatchEvent(record.event)} · keeper pid ${record.pid}`;
		}
	}
}

/** No log yet: the tunnel has not been started from this profile since the runtime directory was made. */
export function noLogYet(name: string, file: string): {readonly message: string; readonly hint: string} {
	return {message: `no log for \`${name}\` yet (${file}): it has not been started since its runtime directory was made`, hint: `start it with \`tunnels up ${name}\`, or follow it with \`tunnels logs ${name} -f\``};
}

/** Said on stderr when `-f` waits for a log that is not there yet. */
export function waitingForLog(name: string): string {
	return `no log for \`${name}\` yet; waiting for its first start (Ctrl-C to stop)`;
}
