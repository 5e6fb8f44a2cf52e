// Pure parsers of /proc text (proc(5)).
import type {ProcessState} from './types.js';

/** The fields of /proc/PID/stat that we use. */
export type ProcStat = {
	readonly pid: number;
	/** the kernel's `comm`: executable basename truncated to 15 bytes, or whatever the process set */
	readonly comm: string;
	readonly state: ProcessState;
	readonly ppid: number;
	readonly startTicks: string;
};

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

/** A state letter, as /proc's stat and ps's `stat` column (procps and macOS) both write it. */
export function stateFromCode(code: string): ProcessState {
	switch (code) {
		case 'R': {
			return 'running';
		}

		// D is uninterruptible (disk) sleep; I is an idle kernel thread (Linux) or a process idle for
		// more than about 20 seconds (macOS); U is macOS's uninterruptible wait.
		case 'S':
		case 'D':
		case 'I':
		case 'U': {
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
export function parseCmdline(text: string): string[] {
	if (text === '') {
		return [];
	}

	const parts = text.split('\0');
	// A process that rewrote its argv (setproctitle) may not end with NUL; keep what it wrote.
	return text.endsWith('\0') ? parts.slice(0, -1) : parts;
}

/** Effective uid (the second number of the `Uid:` line), as `ps -o uid` reports it. */
export function parseStatusUid(text: string): number | undefined {
	const match = /^Uid:\s+\d+\s+(\d+)/m.exec(text);
	return match?.[1] === undefined ? undefined : Number(match[1]);
}
