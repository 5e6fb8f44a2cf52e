// A hand-typed `ssh -f`, as a person runs it: to its exit, with its stderr.
import {spawn} from 'node:child_process';
import {closeSync, openSync, readFileSync} from 'node:fs';
import path from 'node:path';

/**
 * Runs an `ssh -f` to its exit (the PID we see is not the tunnel's: ssh forks after authentication).
 * stderr goes to a file, not a pipe: the background ssh keeps it open, and a pipe would never close.
 */
export async function runForking(argv: readonly string[], scratch: string): Promise<{code: number | null; stderr: string}> {
	const log = path.join(scratch, `ssh-${Date.now()}-${Math.random().toString(16).slice(2)}.log`);
	const fd = openSync(log, 'w', 0o600);
	try {
		const child = spawn(argv[0]!, argv.slice(1), {stdio: ['ignore', 'ignore', fd]});
		const code = await new Promise<number | null>((resolve, reject) => {
			const timer = setTimeout(() => {
				child.kill('SIGKILL');
				reject(new Error(`${argv.join(' ')}: did not exit within 20 s`));
			}, 20_000);
			child.once('error', error => {
				clearTimeout(timer);
				reject(error);
			});
			child.once('exit', exitCode => {
				clearTimeout(timer);
				resolve(exitCode);
			});
		});
		return {code, stderr: readFileSync(log, 'utf8')};
	} finally {
		closeSync(fd);
	}
}
