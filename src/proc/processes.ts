// Process inspection: Linux reads /proc directly (procfs.ts); without /proc, or when
// TUNNELS_OBSERVE=portable, one `ps` per look (ps.ts).
import {observeBackend, type ObserveBackend} from './backend.js';
import {listFromProc, readFromProc, type ProcessMemory} from './procfs.js';
import {listWithPs, readWithPs} from './ps.js';
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
	/** a long-lived process's memory of the processes it listed with these names (newProcessMemory); /proc only */
	readonly memory?: ProcessMemory;
};

export type {ProcessMemory} from './procfs.js';

/** An empty memory for listProcesses: one per long-lived process and set of names. */
export function newProcessMemory(): ProcessMemory {
	return new Map();
}

/** One way of reading processes: /proc (procfs.ts) or ps (ps.ts), behind the same two calls. */
type ProcessSource = {
	readonly list: (names: ReadonlySet<string> | undefined, memory: ProcessMemory | undefined) => Promise<ProcessInfo[]>;
	readonly read: (pid: number) => Promise<ProcessInfo | undefined>;
};

const sources: Readonly<Record<ObserveBackend['kind'], ProcessSource>> = {
	proc: {list: listFromProc, read: readFromProc},
	// One ps reads every process at once: nothing to remember.
	portable: {list: async names => listWithPs(names), read: readWithPs},
};

/**
 * Every process visible to us, or only those named in `options.names`, from the backend chosen for
 * this process (backend.ts). Processes that vanish (or are hidden by hidepid) while read are dropped.
 */
export async function listProcesses(options?: ListProcessesOptions): Promise<ProcessInfo[]> {
	const names = options?.names === undefined ? undefined : new Set(options.names);
	return sources[observeBackend().kind].list(names, options?.memory);
}

/** One process by PID, or undefined when it does not exist. With /proc: no process spawned. */
export async function readProcess(pid: number): Promise<ProcessInfo | undefined> {
	return sources[observeBackend().kind].read(pid);
}

/**
 * True when `now` is still the same process as `seen`: same pid, startTicks and argv.
 * startTicks catches a reused PID; argv catches an exec in place (same PID and start, new program).
 * With the portable backend the start is known to the second only: see below.
 * A zombie's cmdline is empty, so a process that died no longer matches: it is not `seen` any more.
 */
export function isSameProcess(seen: ProcessInfo, now: ProcessInfo | undefined): boolean {
	return now !== undefined
		&& now.pid === seen.pid
		// An unknown start proves nothing: refuse rather than guess.
		&& seen.startTicks !== ''
		&& now.startTicks === seen.startTicks
		// A start known only to the second (ps) cannot tell a PID reused within that second: the
		// parent and the user must be the same too (a daemonized ssh's parent is init, for good).
		&& (seen.startPrecision !== 'second' && now.startPrecision !== 'second' || (now.ppid === seen.ppid && now.uid === seen.uid))
		&& now.argv.length === seen.argv.length
		&& now.argv.every((arg, index) => arg === seen.argv[index]);
}
