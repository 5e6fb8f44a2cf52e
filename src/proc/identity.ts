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
	return found !== undefined && found.state !== 'zombie' && (startTicks === undefined || sameStart(startTicks, found.startTicks));
}

/**
 * Whether a recorded start is the start read now. /proc gives clock ticks (`960089`), ps an ISO
 * time (`2026-11-29T20:29:15.000Z`): a lock written by a process of one backend and read by one of
 * the other (TUNNELS_OBSERVE set for one command) cannot be compared, and is taken as still held
 * rather than stolen from a live holder.
 */
export function sameStart(recorded: string, now: string): boolean {
	const ticks = /^\d+$/;
	return ticks.test(recorded) === ticks.test(now) ? recorded === now : true;
}
