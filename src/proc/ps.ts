// The portable process backend: one `ps` per look, in a format POSIX ps, procps (Linux) and the
// BSD ps of macOS all print. Chosen over ps-list, which reports no process state (a zombie ssh would
// count as alive), on macOS no start time, and runs ps several times per listing.
import {basename} from 'node:path';
import {stateFromCode} from './proc-text.js';
import {runBounded} from './run-bounded.js';
import type {ProcessInfo, ProgramMatch} from './types.js';

/**
 * `-A` every process, `-ww` command lines uncut; the fields with `=` print no header. `command` is
 * last: it is the rest of the line. Run with TZ=UTC and LC_ALL=C (run-bounded.ts).
 */
export const PS_FIELDS = ['-o', 'pid=,ppid=,uid=,lstart=,stat=,command='] as const;

const PS_TIMEOUT_MS = 5000;
const PS_MAX_BYTES = 32 * 1024 * 1024;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// `  PID  PPID   UID Sun Nov 29 17:49:14 2026 SLl  command…`: lstart is always five words
// (weekday, month, day padded to two columns, time, year), in the C locale.
const LINE = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+[A-Z][a-z]{2} ([A-Z][a-z]{2})\s+(\d{1,2}) (\d\d):(\d\d):(\d\d) (\d{4})\s+(\S+)(?: (.*))?$/;

/**
 * A zombie has no command line: procps prints `[ssh] <defunct>`, macOS `(ssh)` or `<defunct>`.
 * Its name is what the brackets hold.
 */
function zombieName(command: string): string {
	const match = /^\[(.*)\] <defunct>$/.exec(command) ?? /^\((.*)\)$/.exec(command);
	return match?.[1] ?? '';
}

/**
 * Parses `ps -A -ww -o pid=,ppid=,uid=,lstart=,stat=,command=` printed with TZ=UTC, LC_ALL=C.
 * What ps gives is weaker than /proc, and said so in each ProcessInfo:
 * - argv is `command` split on spaces: an argument holding a space comes apart (the same way every
 *   time, so identity checks compare like with like);
 * - the start is known to the second (`startPrecision: 'second'`);
 * - whether argv[0] is the program that runs is told by the kernel's 15-byte name, in a second ps
 *   and only where it matters (withPrograms); `program: 'unknown'` until then.
 * A line it cannot read is an error naming the line: a ps that prints something else must not
 * make tunnels look down.
 */
export function parsePs(text: string): ProcessInfo[] {
	const processes: ProcessInfo[] = [];
	for (const line of text.split('\n')) {
		if (line.trim() === '') continue;
		const match = LINE.exec(line);
		const month = match === null ? -1 : MONTHS.indexOf(match[4]!);
		if (match === null || month < 0) {
			throw new Error(`unexpected line from ps: ${JSON.stringify(line)}`);
		}

		const [, pid, ppid, uid, , day, hours, minutes, seconds, year, stat = '', command = ''] = match;
		const startedAt = new Date(Date.UTC(Number(year), month, Number(day), Number(hours), Number(minutes), Number(seconds)));
		const state = stateFromCode(stat[0] ?? '');
		const argv = state === 'zombie' || command.trim() === '' ? [] : command.trim().split(/ +/);
		processes.push({
			pid: Number(pid),
			ppid: Number(ppid),
			uid: Number(uid),
			name: argv[0] === undefined ? zombieName(command.trim()) : basename(argv[0]),
			argv,
			startTicks: startedAt.toISOString(),
			startedAt,
			startPrecision: 'second',
			state,
			program: 'unknown',
		});
	}

	return processes;
}

async function runPs(selection: readonly string[]): Promise<ProcessInfo[]> {
	const run = await runBounded(['ps', ...selection, '-ww', ...PS_FIELDS], {timeoutMs: PS_TIMEOUT_MS, maxBytes: PS_MAX_BYTES});
	if (run.kind === 'failed') {
		throw new Error(`cannot list processes with ps: ${run.reason}`);
	}

	// ps exits 1 when `-p PID` matches nothing; anything it printed is still its answer.
	if (run.exitCode !== 0 && (run.exitCode !== 1 || run.stdout.trim() !== '')) {
		throw new Error(`ps exited ${run.exitCode}: ${run.stderr.trim()}`);
	}

	return parsePs(run.stdout);
}

/**
 * What the kernel calls each process (`ucomm`: the executable's name, cut to 15 bytes on Linux, 16 on
 * macOS), by PID: argv[0] is whatever the starter chose (`exec -a ssh python3`). Read only for the
 * few processes that matter, in a second ps: `ucomm` may hold spaces, so it must be the last column.
 */
export function parseUcomm(text: string): Map<number, string> {
	const names = new Map<number, string>();
	for (const line of text.split('\n')) {
		if (line.trim() === '') continue;
		const match = /^\s*(\d+) (.*)$/.exec(line);
		if (match === null) {
			throw new Error(`unexpected line from ps: ${JSON.stringify(line)}`);
		}

		names.set(Number(match[1]), match[2]!.trim());
	}

	return names;
}

/** Whether argv[0] names the program the kernel runs, as far as its 15-byte name tells. */
export function programFromUcomm(argv0: string | undefined, ucomm: string | undefined): ProgramMatch {
	if (argv0 === undefined || ucomm === undefined || ucomm === '') {
		return 'unknown';
	}

	return basename(argv0).slice(0, 15) === ucomm.slice(0, 15) ? 'as-named' : 'other';
}

async function withPrograms(processes: readonly ProcessInfo[]): Promise<ProcessInfo[]> {
	const alive = processes.filter(info => info.argv.length > 0);
	if (alive.length === 0) {
		return [...processes];
	}

	const run = await runBounded(['ps', '-p', alive.map(info => info.pid).join(','), '-o', 'pid=,ucomm='], {timeoutMs: PS_TIMEOUT_MS, maxBytes: PS_MAX_BYTES});
	// A process gone meanwhile is simply not there (exit 1); its program stays unknown.
	const names = run.kind === 'exited' && (run.exitCode === 0 || run.exitCode === 1) ? parseUcomm(run.stdout) : new Map<number, string>();
	return processes.map(info => (info.argv.length === 0 ? info : {...info, program: programFromUcomm(info.argv[0], names.get(info.pid))}));
}

/** Every process, or those whose argv[0] (a zombie: its name) is in `names`; a named one is checked against the kernel's name. */
export async function listWithPs(names: ReadonlySet<string> | undefined): Promise<ProcessInfo[]> {
	const all = await runPs(['-A']);
	if (names === undefined) {
		return all;
	}

	// As with /proc, a process whose argv[0] names another program than the one it runs is not listed by name.
	return (await withPrograms(all.filter(info => names.has(info.name)))).filter(info => info.program !== 'other');
}

/** One process, or undefined. */
export async function readWithPs(pid: number): Promise<ProcessInfo | undefined> {
	if (!Number.isSafeInteger(pid) || pid <= 0) {
		return undefined;
	}

	const found = (await runPs(['-p', String(pid)])).filter(info => info.pid === pid);
	return (await withPrograms(found))[0];
}
