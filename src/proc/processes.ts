// Process inspection. Linux reads /proc directly (proc(5)); ps-list is the fallback enumerator on
// platforms without /proc, and this is its only importer.
import {readFile} from 'node:fs';
import {readdir, readlink} from 'node:fs/promises';
import {basename} from 'node:path';
import psList from 'ps-list';

export type ProcessState = 'running' | 'sleeping' | 'stopped' | 'zombie' | 'other';

export type ProcessInfo = {
	readonly pid: number;
	readonly ppid: number;
	readonly uid: number | undefined;
	/** basename of the executable, e.g. 'ssh' */
	readonly name: string;
	/** exact argv: on Linux from /proc/PID/cmdline (NUL-separated), so arguments with spaces stay whole */
	readonly argv: readonly string[];
	/**
	 * identity token that changes when a PID is reused: Linux /proc/PID/stat starttime (clock ticks
	 * since boot); elsewhere ps-list's start time as an ISO string (whole seconds, so weaker).
	 */
	readonly startTicks: string;
	/** wall-clock start, for uptime display */
	readonly startedAt: Date | undefined;
	readonly state: ProcessState;
};

/** The fields of /proc/PID/stat that we use. */
export type ProcStat = {
	readonly pid: number;
	/** the kernel's `comm`: executable basename truncated to 15 bytes, or whatever the process set */
	readonly comm: string;
	readonly state: ProcessState;
	readonly ppid: number;
	readonly startTicks: string;
};

// sysconf(_SC_CLK_TCK) is USER_HZ, which the kernel fixes at 100 for /proc on every mainstream
// architecture whatever CONFIG_HZ is; Node has no sysconf binding, so we state it here.
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * Parses /proc/PID/stat (proc(5)). `comm` sits in parentheses and may itself contain spaces,
 * parentheses and ')' (a process can name itself anything), so we cut at the LAST ')'.
 * Throws on text that is not a stat line: the kernel's format is fixed, so that is a bug.
 */
export function parseProcStat(text: string): ProcStat {
	const open = text.indexOf(' (');
	const close = text.lastIndexOf(')');
	const pid = Number(text.slice(0, open));
	// After "comm)" come fields 3.. of proc(5): state, ppid, ..., starttime is field 22.
	const rest = text.slice(close + 2).split(' ');
	const stateCode = rest[0] ?? '';
	const ppid = Number(rest[1]);
	const startTicks = rest[19] ?? '';
	if (open <= 0 || close < open || !Number.isSafeInteger(pid) || !Number.isSafeInteger(ppid)
		|| stateCode.length !== 1 || !/^\d+$/.test(startTicks)) {
		throw new Error(`not a /proc/PID/stat line: ${JSON.stringify(text.slice(0, 200))}`);
	}

	return {pid, comm: text.slice(open + 2, close), state: stateFromCode(stateCode), ppid, startTicks};
}

function stateFromCode(code: string): ProcessState {
	switch (code) {
		case 'R': {
			return 'running';
		}

		// D is uninterruptible (disk) sleep; I is an idle kernel thread.
		case 'S':
		case 'D':
		case 'I': {
			return 'sleeping';
		}

		// t is "stopped by a debugger": still stopped as far as signals are concerned.
		case 'T':
		case 't': {
			return 'stopped';
		}

		case 'Z': {
			return 'zombie';
		}

		default: {
			return 'other';
		}
	}
}

/** /proc/PID/cmdline is NUL-terminated arguments; an empty file means a zombie or a kernel thread. */
function parseCmdline(text: string): string[] {
	if (text === '') {
		return [];
	}

	const parts = text.split('\0');
	// A process that rewrote its argv (setproctitle) may not end with NUL; keep what it wrote.
	return text.endsWith('\0') ? parts.slice(0, -1) : parts;
}

/** Effective uid (the second number of the `Uid:` line), as `ps -o uid` reports it. */
function parseStatusUid(text: string): number | undefined {
	const match = /^Uid:\s+\d+\s+(\d+)/m.exec(text);
	return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** The process vanished (or never was): ENOENT for /proc/PID, ESRCH when it died mid-read. */
function isVanished(error: unknown): boolean {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	return code === 'ENOENT' || code === 'ESRCH';
}

// Every open file descriptor of this module passes through these slots, shared by all calls: a
// call holds at most MAX_OPEN_FILES, and so do any number of concurrent calls together (the old
// unbounded reads, one call per tunnel, ran out of descriptors: EMFILE).
const MAX_OPEN_FILES = 64;
let openFiles = 0;
const waitingForFile: Array<() => void> = [];

async function withFileSlot<T>(use: () => Promise<T>): Promise<T> {
	if (openFiles < MAX_OPEN_FILES) {
		openFiles++;
	} else {
		// A finishing read hands its slot straight to us (below), so openFiles already counts it.
		await new Promise<void>(resolve => {
			waitingForFile.push(resolve);
		});
	}

	try {
		return await use();
	} finally {
		// First come, first served: hand the slot to the oldest waiter, or give it back.
		const next = waitingForFile.shift();
		if (next === undefined) {
			openFiles--;
		} else {
			next();
		}
	}
}

// The callback readFile: measured ~30% faster on /proc than fs/promises' (fewer round trips).
async function readFileText(path: string): Promise<string> {
	return new Promise((resolve, reject) => {
		readFile(path, 'utf8', (error, text) => {
			if (error) {
				reject(error);
			} else {
				resolve(text);
			}
		});
	});
}

async function readText(path: string): Promise<string | undefined> {
	try {
		return await withFileSlot(async () => readFileText(path));
	} catch (error) {
		if (isVanished(error)) {
			return undefined;
		}

		throw error;
	}
}

/** Seconds since the epoch at boot, from /proc/stat `btime` (whole seconds, so startedAt is ±1 s). */
async function readBootSeconds(): Promise<number | undefined> {
	const text = await readText('/proc/stat');
	const match = text === undefined ? undefined : /^btime (\d+)$/m.exec(text);
	return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** Executable basename as ps-list derives it; comm when /proc/PID/exe is unreadable (zombie, kernel thread, other user). */
async function readName(pid: number, comm: string): Promise<string> {
	try {
		return basename((await readlink(`/proc/${pid}/exe`)).replace(/ \(deleted\)$/, ''));
	} catch {
		return comm;
	}
}

type ProcFacts = Omit<ProcessInfo, 'startedAt'>;

/** The facts, and the kernel's comm from the last stat read (the name filter falls back on it). */
type ProcRead = {readonly facts: ProcFacts; readonly comm: string};

function withStart(facts: ProcFacts, bootSeconds: number | undefined): ProcessInfo {
	const startedAt = bootSeconds === undefined
		? undefined
		: new Date((bootSeconds + (Number(facts.startTicks) / CLOCK_TICKS_PER_SECOND)) * 1000);
	return {...facts, startedAt};
}

async function readFacts(pid: number): Promise<ProcRead | undefined> {
	if (!Number.isSafeInteger(pid) || pid <= 0) {
		return undefined;
	}

	const dir = `/proc/${pid}`;
	const statText = await readText(`${dir}/stat`);
	if (statText === undefined) {
		return undefined;
	}

	const first = parseProcStat(statText);
	const [cmdline, status, name] = await Promise.all([
		readText(`${dir}/cmdline`), readText(`${dir}/status`), readName(pid, first.comm),
	]);
	// These are separate reads, so the PID could have died and been reused in between: read
	// stat again and keep the result only if it is still the same start. Its state is the fresher.
	const lastText = await readText(`${dir}/stat`);
	const last = lastText === undefined ? undefined : parseProcStat(lastText);
	if (cmdline === undefined || status === undefined || last?.startTicks !== first.startTicks) {
		return undefined;
	}

	const facts: ProcFacts = {
		pid,
		ppid: last.ppid,
		uid: parseStatusUid(status),
		name,
		// A process that died between the reads still shows the argv read before; the kernel gives a
		// zombie none, so neither do we: every zombie looks alike whatever the timing.
		argv: last.state === 'zombie' ? [] : parseCmdline(cmdline),
		startTicks: last.startTicks,
		state: last.state,
	};
	return {facts, comm: last.comm};
}

/** /proc mounted with hidepid=1 lists other users' PIDs but refuses their files: not visible to us. */
function hiddenAsUndefined(error: unknown): undefined {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	if (code === 'EACCES' || code === 'EPERM') {
		return undefined;
	}

	throw error;
}

export type ListProcessesOptions = {
	/**
	 * Only processes whose argv[0] basename is one of these, e.g. ['ssh']. A process with an empty
	 * cmdline (a zombie, a kernel thread) matches on its kernel comm instead, so a zombie ssh is
	 * still listed, as a zombie; comm is cut to 15 bytes, so longer names never match a zombie.
	 * Without `names`, every process is listed.
	 */
	readonly names?: readonly string[];
};

/** The name filter: argv[0]'s basename, or comm when there is no argv. */
function nameMatches(names: ReadonlySet<string>, argv: readonly string[], comm: () => string | undefined): boolean {
	const first = argv[0];
	if (first !== undefined) {
		return names.has(basename(first));
	}

	const kernelName = comm();
	return kernelName !== undefined && names.has(kernelName);
}

/**
 * Whether /proc/PID is worth reading in full for `names`: one cheap read of cmdline, and of stat
 * only when cmdline is empty. The full read checks the name again (the process may have exec'd).
 */
async function isCandidate(pid: number, names: ReadonlySet<string>): Promise<boolean> {
	const cmdline = await readText(`/proc/${pid}/cmdline`);
	if (cmdline === undefined) {
		return false;
	}

	const argv = parseCmdline(cmdline);
	const statText = argv.length === 0 ? await readText(`/proc/${pid}/stat`) : undefined;
	return nameMatches(names, argv, () => (statText === undefined ? undefined : parseProcStat(statText).comm));
}

async function readListed(pid: number, names: ReadonlySet<string> | undefined): Promise<ProcFacts | undefined> {
	if (names !== undefined && !await isCandidate(pid, names)) {
		return undefined;
	}

	const found = await readFacts(pid);
	if (found === undefined || (names !== undefined && !nameMatches(names, found.facts.argv, () => found.comm))) {
		return undefined;
	}

	return found.facts;
}

// PIDs one call reads at the same time. Each holds at most 3 files open (readFacts' Promise.all),
// and the file slots cap the total anyway; this keeps one process's reads close together in time
// and the pending work of a call small on machines with many thousands of processes.
const PIDS_IN_FLIGHT = 32;

async function mapBounded<T, R>(items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
	const results: R[] = [];
	let next = 0;
	const worker = async (): Promise<void> => {
		while (next < items.length) {
			const index = next++;
			results[index] = await map(items[index]!);
		}
	};

	await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker));
	return results;
}

async function listProcPids(): Promise<number[]> {
	const entries = await withFileSlot(async () => readdir('/proc'));
	return entries.filter(entry => /^\d+$/.test(entry)).map(Number);
}

async function listLinux(names: ReadonlySet<string> | undefined): Promise<ProcessInfo[]> {
	const [pids, bootSeconds] = await Promise.all([listProcPids(), readBootSeconds()]);
	const facts = await mapBounded(pids, PIDS_IN_FLIGHT, async pid => readListed(pid, names).catch(hiddenAsUndefined));
	return facts.flatMap(found => (found === undefined ? [] : [withStart(found, bootSeconds)]));
}

/**
 * Without /proc (macOS, the BSDs): ps-list's own fields, a best effort this project does not test.
 * - argv is ps-list's `cmd` split on whitespace: arguments containing spaces come apart, so
 *   isSameProcess compares the split form, consistently but not exactly.
 * - startTicks is ps-list's start time as an ISO string (whole seconds from `ps -o lstart`), or ''
 *   when unknown; state is always 'other' (ps-list does not report it, so zombies are not told apart).
 */
async function listWithPsList(names: ReadonlySet<string> | undefined): Promise<ProcessInfo[]> {
	const descriptors = await psList();
	return descriptors.flatMap(({pid, ppid, uid, name, cmd, startTime}) => {
		const argv = cmd === undefined || cmd.trim() === '' ? [] : cmd.trim().split(/\s+/);
		if (names !== undefined && !nameMatches(names, argv, () => name)) {
			return [];
		}

		return [{
			pid, ppid, uid, name, argv, startTicks: startTime?.toISOString() ?? '', startedAt: startTime, state: 'other' as const,
		}];
	});
}

/**
 * Every process visible to us, or only those named in `options.names`. On Linux /proc is read
 * directly; processes that vanish (or are hidden by hidepid) while being read are dropped.
 */
export async function listProcesses(options?: ListProcessesOptions): Promise<ProcessInfo[]> {
	const names = options?.names === undefined ? undefined : new Set(options.names);
	return process.platform === 'linux' ? listLinux(names) : listWithPsList(names);
}

/** One process by PID, or undefined when it does not exist. On Linux reads /proc only (no spawn). */
export async function readProcess(pid: number): Promise<ProcessInfo | undefined> {
	if (process.platform !== 'linux') {
		// Without /proc: the whole ps-list snapshot, filtered (see listWithPsList).
		return (await listWithPsList(undefined)).find(info => info.pid === pid);
	}

	const [found, bootSeconds] = await Promise.all([readFacts(pid), readBootSeconds()]);
	return found === undefined ? undefined : withStart(found.facts, bootSeconds);
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
