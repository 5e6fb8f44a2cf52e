// Process inspection. Linux reads /proc directly (procfs.ts); ps-list is the enumerator on
// platforms without /proc, and this is its only importer.
import {listFromProc, nameMatches, readFromProc} from './procfs.js';
import type {ProcessInfo} from './types.js';

export type ListProcessesOptions = {
	/**
	 * Only processes whose argv[0] basename is one of these, e.g. ['ssh']. A process with an empty
	 * cmdline (a zombie, a kernel thread) matches on its kernel comm instead, so a zombie ssh is
	 * still listed, as a zombie; comm is cut to 15 bytes, so longer names never match a zombie.
	 * Without `names`, every process is listed. A process whose argv[0] names another program than
	 * the one it runs (`exec -a ssh sleep`, /proc/PID/exe) is never listed by name.
	 */
	readonly names?: readonly string[];
};

/**
 * Without /proc (macOS, the BSDs): ps-list's own fields, a best effort this project does not test.
 * - argv is ps-list's `cmd` split on whitespace: arguments containing spaces come apart, so
 *   isSameProcess compares the split form, consistently but not exactly.
 * - startTicks is ps-list's start time as an ISO string (whole seconds from `ps -o lstart`), or ''
 *   when unknown; state is always 'other' (ps-list does not report it, so zombies are not told apart).
 */
async function listWithPsList(names: ReadonlySet<string> | undefined): Promise<ProcessInfo[]> {
	// Loaded only here: Linux never needs it.
	const {default: psList} = await import('ps-list');
	const descriptors = await psList();
	return descriptors.flatMap(({pid, ppid, uid, name, cmd, startTime}) => {
		const argv = cmd === undefined || cmd.trim() === '' ? [] : cmd.trim().split(/\s+/);
		if (names !== undefined && !nameMatches(names, argv, () => name)) {
			return [];
		}

		return [{
			pid, ppid, uid, name, argv, startTicks: startTime?.toISOString() ?? '', startedAt: startTime, state: 'other' as const, program: 'unknown' as const,
		}];
	});
}

/**
 * Every process visible to us, or only those named in `options.names`. On Linux /proc is read
 * directly; processes that vanish (or are hidden by hidepid) while being read are dropped.
 */
export async function listProcesses(options?: ListProcessesOptions): Promise<ProcessInfo[]> {
	const names = options?.names === undefined ? undefined : new Set(options.names);
	return process.platform === 'linux' ? listFromProc(names) : listWithPsList(names);
}

/** One process by PID, or undefined when it does not exist. On Linux reads /proc only (no spawn). */
export async function readProcess(pid: number): Promise<ProcessInfo | undefined> {
	if (process.platform !== 'linux') {
		// Without /proc: the whole ps-list snapshot, filtered (see listWithPsList).
		return (await listWithPsList(undefined)).find(info => info.pid === pid);
	}

	return readFromProc(pid);
}

/**
 * True when `now` is still the same process as `seen`: same pid, startTicks and argv.
 * startTicks catches a reused PID; argv catches an exec in place (same PID and start, new program).
 * A zombie's cmdline is empty, so a process that died no longer matches: it is not `seen` any more.
 */
export function isSameProcess(seen: ProcessInfo, now: ProcessInfo | undefined): boolean {
	return now !== undefined
		&& now.pid === seen.pid
		&& now.startTicks === seen.startTicks
		&& now.argv.length === seen.argv.length
		&& now.argv.every((arg, index) => arg === seen.argv[index]);
}
