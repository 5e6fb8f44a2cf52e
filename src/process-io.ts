// The Io of the running process: its streams, environment, user and terminal. cli.ts's main hands it
// to every command; the tests build their own (test/support/io.ts).
import os from 'node:os';
import process from 'node:process';
import type {Io} from './commands/context.js';
import {systemReason} from './errors.js';
import {visible} from './present/visible.js';

/** Where the running binary is: bin/tunnels.js knows its own place, bundled or not. */
export type Installation = {
	readonly askpassHelper: string;
	/** bin/tunnels.js: what a login service runs */
	readonly program: string;
};

/** The real Io of this process, for the binary installed at `installation`. */
export function processIo(installation: Installation): Io {
	return {
		askpassHelper: installation.askpassHelper,
		program: installation.program,
		// Every word for a person leaves through these two (and confirm's question): a control character
		// from a shared profile, another user's argv or ssh's stderr is written out, never obeyed.
		stdout: writerTo(process.stdout, 'standard output'),
		stderr: writerTo(process.stderr, 'standard error'),
		env: process.env,
		cwd: process.cwd(),
		home: os.homedir(),
		passwordHome: passwordHome(),
		uid: process.getuid?.() ?? 0,
		tmpdir: os.tmpdir(),
		interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
		columns: process.stdout.isTTY ? process.stdout.columns : undefined,
		async confirm(question) {
			const {createInterface} = await import('node:readline/promises');
			const readline = createInterface({input: process.stdin, output: process.stdout});
			try {
				return /^y(es)?$/i.test((await readline.question(visible(question))).trim());
			} finally {
				readline.close();
			}
		},
		onStopSignal(handler) {
			process.on('SIGINT', handler);
			process.on('SIGTERM', handler);
			return () => {
				process.off('SIGINT', handler);
				process.off('SIGTERM', handler);
			};
		},
	};
}

/**
 * Writes to one of the process's streams. A reader that went away (EPIPE: `tunnels ls | head`) ends
 * the writing, not the command: what it was doing is done whole, as if someone read on. Any other
 * failure (a full disk) is said once on standard error and the exit status is EX_IOERR, 74.
 */
function writerTo(stream: NodeJS.WriteStream, name: string): (text: string) => void {
	let failed = false;
	stream.on('error', (error: NodeJS.ErrnoException) => {
		if (failed) return;
		failed = true;
		if (error.code === 'EPIPE') return;
		if (stream !== process.stderr) process.stderr.write(`error: cannot write to ${name}: ${systemReason(error.code ?? 'EIO')}\n`);
		// Set when the process ends: the command's own status is set after the error may have come.
		process.once('exit', () => {
			process.exitCode = 74;
		});
	});
	return text => {
		if (!failed) stream.write(visible(text));
	};
}

/** The password database's home directory, which ssh's `~` means (not $HOME); undefined without an entry for this user. */
function passwordHome(): string | undefined {
	try {
		return os.userInfo().homedir;
	} catch {
		return undefined;
	}
}
