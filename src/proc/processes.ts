// Process inspection. The only importer of ps-list; Linux reads /proc directly (proc(5)).
import {readFile, readlink} from 'node:fs/promises';
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
	/** identity token that changes when a PID is reused: Linux /proc/PID/stat starttime (clock ticks since boot) */
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

function assertLinux(): void {
	if (process.platform !== 'linux') {
		throw new Error(`tunnels: process inspection is only implemented for Linux (/proc), not ${process.platform}.`
			+ ' On macOS it would use `ps -o lstart=,stat=` for start time and state.');
	}
}

/** The process vanished (or never was): ENOENT for /proc/PID, ESRCH when it died mid-read. */
function isVanished(error: unknown): boolean {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	return code === 'ENOENT' || code === 'ESRCH';
}

async function readText(path: string): Promise<string | undefined> {
	try {
		return await readFile(path, 'utf8');
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

function withStart(facts: ProcFacts, bootSeconds: number | undefined): ProcessInfo {
	const startedAt = bootSeconds === undefined
		? undefined
		: new Date((bootSeconds + (Number(facts.startTicks) / CLOCK_TICKS_PER_SECOND)) * 1000);
	return {...facts, startedAt};
}

async function readFacts(pid: number): Promise<ProcFacts | undefined> {
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

	return {
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
}

/** /proc mounted with hidepid=1 lists other users' PIDs but refuses their files: not visible to us. */
function hiddenAsUndefined(error: unknown): undefined {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	if (code === 'EACCES' || code === 'EPERM') {
		return undefined;
	}

	throw error;
}

/** Every process visible to us. ps-list enumerates; on Linux each entry is completed from /proc (argv, state, start). Processes that vanish between the two reads are dropped. */
export async function listProcesses(): Promise<ProcessInfo[]> {
	assertLinux();
	const [descriptors, bootSeconds] = await Promise.all([psList(), readBootSeconds()]);
	const facts = await Promise.all(descriptors.map(async ({pid}) => readFacts(pid).catch(hiddenAsUndefined)));
	return facts.flatMap(found => (found === undefined ? [] : [withStart(found, bootSeconds)]));
}

/** One process by PID, or undefined when it does not exist. Reads /proc only (no spawn). */
export async function readProcess(pid: number): Promise<ProcessInfo | undefined> {
	assertLinux();
	const [found, bootSeconds] = await Promise.all([readFacts(pid), readBootSeconds()]);
	return found === undefined ? undefined : withStart(found, bootSeconds);
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
