// What a process is to this tool, shared by the backends (procfs.ts, ps.ts)
// and the parsers (proc-text.ts) without any of them importing another for it.

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
	 * since boot); from ps (the portable backend) the start as an ISO string, whole seconds, so weaker (see startPrecision).
	 */
	readonly startTicks: string;
	/**
	 * How finely startTicks tells starts apart: 'tick' (/proc, 1/100 s) when absent; 'second' from ps,
	 * where a PID reused within the same second would show the same start.
	 */
	readonly startPrecision?: 'tick' | 'second';
	/** wall-clock start, for uptime display */
	readonly startedAt: Date | undefined;
	readonly state: ProcessState;
	/**
	 * Whether the program running is the one argv[0] names, judged by /proc/PID/exe: 'as-named', or
	 * 'other' when argv[0] lies (`exec -a ssh sleep`); 'unknown' when exe cannot be read (a zombie,
	 * another user's process, no /proc).
	 */
	readonly program: ProgramMatch;
};

export type ProgramMatch = 'as-named' | 'other' | 'unknown';
