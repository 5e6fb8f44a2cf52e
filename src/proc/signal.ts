// Signals. The only place that calls process.kill: every signal goes to a re-verified process.
import {setTimeout as delay} from 'node:timers/promises';
import {isSameProcess, readProcess} from './processes.js';
import type {ProcessInfo} from './types.js';

export type TerminateOutcome =
	| {readonly kind: 'gone'; readonly by: 'already' | 'SIGTERM' | 'SIGKILL'}
	| {readonly kind: 'zombie'} // dead, waiting for its parent to reap it: reported, never signalled
	| {readonly kind: 'identity-changed'} // the PID now belongs to another process: nothing was signalled
	| {readonly kind: 'not-permitted'} // EPERM
	| {readonly kind: 'survived'}; // still alive after SIGKILL and the grace

export type TerminateOptions = {
	/** How long to wait after SIGTERM before SIGKILL, in ms. Default 2000. */
	readonly graceMs?: number;
};

const DEFAULT_GRACE_MS = 2000;
// SIGKILL cannot be caught; only a process stuck in uninterruptible sleep (D) outlives this.
const KILL_WAIT_MS = 2000;
const POLL_MS = 20;

/** What became of `seen`, judged from one fresh read of /proc. */
type Observation =
	| {readonly kind: 'alive'; readonly now: ProcessInfo}
	| {readonly kind: 'zombie'}
	| {readonly kind: 'gone'}
	| {readonly kind: 'replaced'};

async function observe(seen: ProcessInfo): Promise<Observation> {
	const now = await readProcess(seen.pid);
	if (now === undefined) {
		return {kind: 'gone'};
	}

	// A zombie's cmdline is empty, so it never passes isSameProcess: pid and start identify it.
	if (now.state === 'zombie' && now.startTicks === seen.startTicks) {
		return {kind: 'zombie'};
	}

	return isSameProcess(seen, now) ? {kind: 'alive', now} : {kind: 'replaced'};
}

type SendResult = 'sent' | 'no-such-process' | 'not-permitted';

// Between the read that verified identity and this kill(2), the process could die and its PID be
// reused: a window of microseconds that also needs the PID space to wrap. Closing it needs
// pidfd_send_signal(2), which Node does not expose.
function send(pid: number, signal: NodeJS.Signals): SendResult {
	// kill(0) and kill(-N) signal whole process groups, kill(-1) everything, pid 1 is init.
	if (!Number.isSafeInteger(pid) || pid <= 1) {
		throw new Error(`refusing to send ${signal} to pid ${pid}`);
	}

	try {
		process.kill(pid, signal);
		return 'sent';
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ESRCH') {
			return 'no-such-process';
		}

		if (code === 'EPERM') {
			return 'not-permitted';
		}

		throw error;
	}
}

/** Waits (bounded, polling every ~20 ms) until the process is gone or a zombie, or the same process no longer exists; returns true if gone. */
export async function waitGone(seen: ProcessInfo, timeoutMs: number): Promise<boolean> {
	const deadline = performance.now() + Math.max(0, timeoutMs);
	for (;;) {
		if ((await observe(seen)).kind !== 'alive') {
			return true;
		}

		const left = deadline - performance.now();
		if (!(left > 0)) {
			return false;
		}

		await delay(Math.min(POLL_MS, left));
	}
}

/**
 * Terminates a process that was observed earlier: re-reads it and signals only if isSameProcess(seen, now) still holds, SIGTERM, waits up to graceMs (polling, bounded), re-verifies identity, then SIGKILL and waits again (bounded). Counts a zombie as gone-but-reported.
 *
 * `zombie` is only returned for a process that was already a zombie: one that dies from our signal
 * and is not yet reaped is `gone` by that signal (it is dead; reaping is its parent's business).
 */
export async function terminateVerified(seen: ProcessInfo, options?: TerminateOptions): Promise<TerminateOutcome> {
	const graceMs = options?.graceMs ?? DEFAULT_GRACE_MS;
	const before = await observe(seen);
	switch (before.kind) {
		case 'gone': {
			return {kind: 'gone', by: 'already'};
		}

		case 'zombie': {
			return {kind: 'zombie'};
		}

		case 'replaced': {
			return {kind: 'identity-changed'};
		}

		case 'alive': {
			break;
		}
	}

	const term = send(seen.pid, 'SIGTERM');
	if (term !== 'sent') {
		return term === 'no-such-process' ? {kind: 'gone', by: 'already'} : {kind: 'not-permitted'};
	}

	// A stopped process that handles SIGTERM (ssh does) cannot run its handler until it continues
	// (signal(7)); an unhandled SIGTERM kills it even stopped. systemd sends SIGCONT after SIGTERM
	// for the same reason. Without it, ssh would miss its clean exit and get SIGKILL after the grace.
	if (before.now.state === 'stopped') {
		send(seen.pid, 'SIGCONT');
	}

	if (await waitGone(seen, graceMs)) {
		return {kind: 'gone', by: 'SIGTERM'};
	}

	// Re-verify right before the SIGKILL: never kill a PID that has changed hands meanwhile.
	if ((await observe(seen)).kind !== 'alive') {
		return {kind: 'gone', by: 'SIGTERM'};
	}

	const kill = send(seen.pid, 'SIGKILL');
	if (kill !== 'sent') {
		return kill === 'no-such-process' ? {kind: 'gone', by: 'SIGTERM'} : {kind: 'not-permitted'};
	}

	return await waitGone(seen, KILL_WAIT_MS) ? {kind: 'gone', by: 'SIGKILL'} : {kind: 'survived'};
}
