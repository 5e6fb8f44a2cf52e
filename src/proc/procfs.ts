// Linux process facts from /proc (proc(5)): no process spawned, every read bounded.
import {readdirSync, readFileSync, readlinkSync} from 'node:fs';
import {basename} from 'node:path';
import {breather} from './breather.js';
import {programMatch} from './program.js';
import {parseCmdline, parseProcStat, parseStatusUid, type ProcStat} from './proc-text.js';
import type {ProcessInfo} from './types.js';

// sysconf(_SC_CLK_TCK) is USER_HZ, which the kernel fixes at 100 for /proc on every mainstream
// architecture whatever CONFIG_HZ is; Node has no sysconf binding, so we state it here.
const CLOCK_TICKS_PER_SECOND = 100;

/** The process vanished (or never was): ENOENT for /proc/PID, ESRCH when it died mid-read. */
function isVanished(error: unknown): boolean {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	return code === 'ENOENT' || code === 'ESRCH';
}

// Every read here is synchronous: /proc files are generated in memory, so a read never waits on a
// disk, and one callback per file cost more than the read itself (measured: a full listing of
// ~100 processes took 16 ms through callbacks, 1.8 ms read in a row; design.md). A listing blocks
// the event loop for those milliseconds, as a command's one snapshot should.
function readText(path: string): string | undefined {
	try {
		return readFileSync(path, 'utf8');
	} catch (error) {
		if (isVanished(error)) {
			return undefined;
		}

		throw error;
	}
}

/** Seconds since the epoch at boot, from /proc/stat `btime` (whole seconds, so startedAt is ±1 s). */
function readBootSeconds(): number | undefined {
	const text = readText('/proc/stat');
	const match = text === undefined ? undefined : /^btime (\d+)$/m.exec(text);
	return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** The executable's path (an upgraded binary reads ` (deleted)`, cut off); undefined when unreadable (zombie, kernel thread, other user). */
function readExe(pid: number): string | undefined {
	try {
		return (readlinkSync(`/proc/${pid}/exe`)).replace(/ \(deleted\)$/, '');
	} catch {
		return undefined;
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
	const statText = readText(`${dir}/stat`);
	if (statText === undefined) {
		return undefined;
	}

	const first = parseProcStat(statText);
	const cmdline = readText(`${dir}/cmdline`);
	const status = readText(`${dir}/status`);
	const exe = readExe(pid);
	// These are separate reads, so the PID could have died and been reused in between: read
	// stat again and keep the result only if it is still the same start. Its state is the fresher.
	const lastText = readText(`${dir}/stat`);
	const last = lastText === undefined ? undefined : parseProcStat(lastText);
	if (cmdline === undefined || status === undefined || last?.startTicks !== first.startTicks) {
		return undefined;
	}

	// A process that died between the reads still shows the argv read before; the kernel gives a
	// zombie none, so neither do we: every zombie looks alike whatever the timing.
	const argv = last.state === 'zombie' ? [] : parseCmdline(cmdline);
	const facts: ProcFacts = {
		pid,
		ppid: last.ppid,
		uid: parseStatusUid(status),
		// The executable's basename as ps-list derives it; comm when exe cannot be read.
		name: exe === undefined ? last.comm : basename(exe),
		argv,
		startTicks: last.startTicks,
		state: last.state,
		program: await programMatch(pid, argv[0], exe),
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


/** The name filter: argv[0]'s basename, or comm when there is no argv. */
export function nameMatches(names: ReadonlySet<string>, argv: readonly string[], comm: () => string | undefined): boolean {
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
function isCandidate(pid: number, names: ReadonlySet<string>): boolean {
	const cmdline = readText(`/proc/${pid}/cmdline`);
	if (cmdline === undefined) {
		return false;
	}

	const argv = parseCmdline(cmdline);
	const statText = argv.length === 0 ? readText(`/proc/${pid}/stat`) : undefined;
	return nameMatches(names, argv, () => (statText === undefined ? undefined : parseProcStat(statText).comm));
}

async function readListed(pid: number, names: ReadonlySet<string> | undefined): Promise<ProcRead | undefined> {
	if (names !== undefined && !isCandidate(pid, names)) {
		return undefined;
	}

	const found = await readFacts(pid);
	if (found === undefined || (names !== undefined && (found.facts.program === 'other' || !nameMatches(names, found.facts.argv, () => found.comm)))) {
		return undefined;
	}

	return found;
}

/**
 * What a long-lived process (the UI) remembers of the processes it listed, by PID: for a process
 * with the same start and the same comm (an exec sets a new one), its command line, user and
 * program, or that it is not one of the names asked for. A refresh then reads one small file per
 * known process (its stat, for the state and parent, which do change) instead of five. What it
 * takes for fixed, a process could change without an exec (setuid, an argv rewritten in place):
 * ssh does neither, and a kill reads the process afresh (signal.ts) whatever a listing said.
 * Bounded: a listing forgets every PID it did not see. One memory serves one set of names.
 */
export type ProcessMemory = Map<number, {readonly startTicks: string; readonly comm: string; readonly facts: ProcFacts | undefined}>;

/** What the memory says of a process after one read of its stat: its facts (or none), or that it must be read in full. */
type Recalled = {readonly kind: 'known'; readonly facts: ProcFacts | undefined} | {readonly kind: 'unknown'; readonly stat: ProcStat};

/** Synchronous, so that a refresh of known processes costs no promise each. */
function recall(pid: number, memory: ProcessMemory): Recalled {
	const statText = readText(`/proc/${pid}/stat`);
	if (statText === undefined) {
		return {kind: 'known', facts: undefined};
	}

	const now = parseProcStat(statText);
	const known = memory.get(pid);
	// A zombie is read in full, as ever: the kernel gives it no argv, and neither do we.
	if (known?.startTicks === now.startTicks && known.comm === now.comm && now.state !== 'zombie') {
		return {kind: 'known', facts: known.facts === undefined ? undefined : {...known.facts, ppid: now.ppid, state: now.state}};
	}

	return {kind: 'unknown', stat: now};
}

async function readRemembered(pid: number, names: ReadonlySet<string> | undefined, memory: ProcessMemory, stat: ProcStat): Promise<ProcFacts | undefined> {
	const found = await readListed(pid, names);
	memory.set(pid, found === undefined ? {startTicks: stat.startTicks, comm: stat.comm, facts: undefined} : {startTicks: found.facts.startTicks, comm: found.comm, facts: found.facts});
	return found?.facts;
}

/** A process from the memory when it knows it (at once), else read and remembered (a promise); a hidden one is undefined. */
function readThrough(pid: number, names: ReadonlySet<string> | undefined, memory: ProcessMemory): ProcFacts | undefined | Promise<ProcFacts | undefined> {
	let recalled: Recalled;
	try {
		recalled = recall(pid, memory);
	} catch (error) {
		return hiddenAsUndefined(error);
	}

	return recalled.kind === 'known' ? recalled.facts : readRemembered(pid, names, memory, recalled.stat).catch(hiddenAsUndefined);
}

function listProcPids(): number[] {
	return readdirSync('/proc').filter(entry => /^\d+$/.test(entry)).map(Number);
}

/** Every process (or those named) from /proc; processes that vanish or are hidden while read are dropped. */
export async function listFromProc(names: ReadonlySet<string> | undefined, memory?: ProcessMemory): Promise<ProcessInfo[]> {
	const bootSeconds = readBootSeconds();
	const facts: ProcessInfo[] = [];
	const pids = listProcPids();
	const breathe = breather();
	// One process after the other: each read is synchronous, and programMatch only awaits for a
	// process whose argv[0] is not its executable's name; the event loop runs every few milliseconds.
	for (const pid of pids) {
		const pause = breathe();
		if (pause !== undefined) await pause;
		const through = memory === undefined ? readListed(pid, names).then(read => read?.facts, hiddenAsUndefined) : readThrough(pid, names, memory);
		const found = through instanceof Promise ? await through : through;
		if (found !== undefined) {
			facts.push(withStart(found, bootSeconds));
		}
	}

	if (memory !== undefined) {
		const seen = new Set(pids);
		for (const pid of memory.keys()) {
			if (!seen.has(pid)) memory.delete(pid);
		}
	}

	return facts;
}

/** One process from /proc, or undefined. */
export async function readFromProc(pid: number): Promise<ProcessInfo | undefined> {
	const found = await readFacts(pid);
	return found === undefined ? undefined : withStart(found.facts, readBootSeconds());
}
