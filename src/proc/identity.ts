// A process as a holder of something (a lock): its PID and its start, since PIDs are reused.
import {readProcess} from './processes.js';

export type ProcessIdentity = {readonly pid: number; readonly startTicks: string | undefined};

/** This process. */
export async function ownIdentity(): Promise<ProcessIdentity> {
	return {pid: process.pid, startTicks: (await readProcess(process.pid))?.startTicks};
}

/**
 * Whether the process named still runs: alive (a zombie is dead) and, when its start is known, the
 * same start. A PID alone would take any later process with that PID for it.
 */
export async function isStillRunning({pid, startTicks}: ProcessIdentity): Promise<boolean> {
	const found = await readProcess(pid);
	return found !== undefined && found.state !== 'zombie' && (startTicks === undefined || found.startTicks === startTicks);
}
