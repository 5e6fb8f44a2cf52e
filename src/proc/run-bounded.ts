// A short helper program run for its output (ps, lsof): argv only (never a shell), killed after a
// bound, its output capped, in the C locale so that its words and dates do not depend on the user's.
import {execFile} from 'node:child_process';

export type BoundedRun =
	| {readonly kind: 'exited'; readonly exitCode: number; readonly stdout: string; readonly stderr: string}
	/** it never ran (not installed), ran too long, or wrote more than the cap */
	| {readonly kind: 'failed'; readonly reason: string};

export type BoundedRunOptions = {
	readonly timeoutMs: number;
	readonly maxBytes: number;
};

export async function runBounded(argv: readonly string[], options: BoundedRunOptions): Promise<BoundedRun> {
	const [file, ...args] = argv;
	if (file === undefined) {
		throw new Error('runBounded: empty argv');
	}

	return new Promise(resolve => {
		execFile(file, args, {
			timeout: options.timeoutMs,
			killSignal: 'SIGKILL',
			maxBuffer: options.maxBytes,
			encoding: 'utf8',
			// ps prints lstart in the local time zone and the C locale's words: parsed as UTC, in English.
			env: {...process.env, LC_ALL: 'C', TZ: 'UTC'},
			shell: false,
			windowsHide: true,
		}, (error, stdout, stderr) => {
			if (error === null) {
				resolve({kind: 'exited', exitCode: 0, stdout, stderr});
				return;
			}

			const failure = error as NodeJS.ErrnoException & {killed?: boolean; code?: number | string};
			if (failure.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
				resolve({kind: 'failed', reason: `${file} wrote more than ${options.maxBytes} bytes`});
			} else if (failure.killed === true) {
				resolve({kind: 'failed', reason: `${file} did not finish within ${options.timeoutMs} ms`});
			} else if (typeof failure.code === 'number') {
				resolve({kind: 'exited', exitCode: failure.code, stdout, stderr});
			} else {
				resolve({kind: 'failed', reason: `${file}: ${failure.message}`});
			}
		});
	});
}
