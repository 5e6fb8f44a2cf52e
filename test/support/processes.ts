// The process table as the tests see it, read from /proc directly: the tests' own view of the
// truth, independent of the code under test (src/proc). Linux only, as the tool is.
import {readFileSync, readdirSync} from 'node:fs';
import {setTimeout as sleep} from 'node:timers/promises';

export type Proc = {
	readonly pid: number;
	readonly ppid: number;
	/** proc(5) state letter: Z for a zombie, T when stopped */
	readonly state: string;
	/** the kernel's comm */
	readonly name: string;
	/** starttime in clock ticks: changes when a PID is reused */
	readonly start: string;
	readonly argv: readonly string[];
};

export function readProc(pid: number): Proc | undefined {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const open = stat.indexOf('(');
		const close = stat.lastIndexOf(')');
		const fields = stat.slice(close + 2).split(' ');
		const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
		const argv = cmdline === '' ? [] : cmdline.replace(/\0$/, '').split('\0');
		return {pid, ppid: Number(fields[1]), state: fields[0] ?? '', name: stat.slice(open + 1, close), start: fields[19] ?? '', argv};
	} catch {
		return undefined; // gone meanwhile, or not ours to read
	}
}

export function processTable(): Proc[] {
	return readdirSync('/proc').filter(name => /^\d+$/.test(name)).flatMap(name => {
		const found = readProc(Number(name));
		return found ? [found] : [];
	});
}

/** Exists and is not a zombie (process.kill(pid, 0) says yes to a zombie). */
export function isAlive(pid: number): boolean {
	const found = readProc(pid);
	return found !== undefined && found.state !== 'Z' && found.state !== 'X';
}

export function signal(pid: number, name: NodeJS.Signals): void {
	try {
		process.kill(pid, name);
	} catch {} // already gone
}

/** Polls `check` until it holds or `timeoutMs` passes; returns whether it held. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, stepMs = 20): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await check()) return true;
		if (Date.now() >= deadline) return false;
		await sleep(stepMs);
	}
}
