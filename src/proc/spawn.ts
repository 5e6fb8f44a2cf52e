// One program run to its exit, bounded: argv only (never a shell), and done when the process exits,
// not when its pipes close. ssh's ProxyJump child (`ssh -W`) inherits ssh's stderr and, under -f,
// keeps it for the tunnel's whole life (design.md, Facts about OpenSSH): waiting for end-of-output
// would wait for the tunnel to end. So: the exit status decides, the bytes already written are
// read for a short, bounded moment, and then our ends of the pipes are let go.
import {spawn, type ChildProcess, type StdioOptions} from 'node:child_process';
import type {Readable} from 'node:stream';

export type SpawnOptions = {
	/** SIGKILL after this long without an exit */
	readonly timeoutMs: number;
	/** `pipe` keeps stdin open until the process exits (a -W channel reads it) */
	readonly stdin: 'ignore' | 'inherit' | 'pipe';
	readonly stdout: 'pipe' | 'ignore';
	/** added to this process's environment */
	readonly env?: Readonly<Record<string, string>>;
	/** a session of its own (setsid): no controlling terminal */
	readonly detached?: boolean;
	/** each piece of stderr as it arrives */
	readonly onStderr?: (text: string) => void;
};

export type Exit = {
	/** undefined when it never ran or a signal ended it */
	readonly exitCode: number | undefined;
	readonly signal: NodeJS.Signals | undefined;
	readonly timedOut: boolean;
	readonly stdout: string;
	readonly stderr: string;
	/** why it never ran (`ENOENT`, …), as `file: message` */
	readonly spawnError: string | undefined;
};

export type Running = {
	readonly exited: Promise<Exit>;
	/** a signal to this process only (never its group); false when it has exited already */
	kill(signal: NodeJS.Signals): boolean;
};

/**
 * After the exit, how long to go on reading once nothing more comes. What the process wrote before
 * it exited is in the pipe already, and libuv reads a readable pipe in the same poll as the exit
 * (or before): a few milliseconds are plenty.
 */
const quietMs = 5;
/** ... and at most this long, whatever a process that inherited the pipe goes on writing */
const drainMs = 200;

export function spawnToExit(argv: readonly string[], options: SpawnOptions): Running {
	const [file, ...args] = argv;
	if (file === undefined) {
		throw new Error('spawnToExit: empty argv');
	}

	const stdio: StdioOptions = [options.stdin, options.stdout, 'pipe'];
	let child: ChildProcess;
	try {
		child = spawn(file, args, {
			stdio,
			detached: options.detached ?? false,
			...(options.env === undefined ? {} : {env: {...process.env, ...options.env}}),
		});
	} catch (error) {
		// Node throws at once for some refusals of the kernel (E2BIG), and reports others (ENOENT) as an event.
		const exit: Exit = {exitCode: undefined, signal: undefined, timedOut: false, stdout: '', stderr: '', spawnError: `${file}: ${error instanceof Error ? error.message : String(error)}`};
		return {exited: Promise.resolve(exit), kill: () => false};
	}

	const stdout: Buffer[] = [];
	const stderr: Buffer[] = [];
	let lastData = performance.now();
	child.stdout?.on('data', (chunk: Buffer) => {
		stdout.push(chunk);
		lastData = performance.now();
	});
	child.stderr?.on('data', (chunk: Buffer) => {
		stderr.push(chunk);
		lastData = performance.now();
		options.onStderr?.(chunk.toString());
	});

	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		child.kill('SIGKILL');
	}, options.timeoutMs);

	const text = (chunks: readonly Buffer[]): string => Buffer.concat(chunks).toString().replace(/\n$/, '');
	const exited = new Promise<Exit>(resolve => {
		// A program that cannot be started emits `error` and never `exit`.
		child.once('error', error => {
			if (child.pid === undefined) {
				clearTimeout(timer);
				resolve({exitCode: undefined, signal: undefined, timedOut: false, stdout: '', stderr: '', spawnError: `${file}: ${error.message}`});
			}
		});
		child.once('exit', (code, signal) => {
			clearTimeout(timer);
			lastData = performance.now();
			void drain([child.stdout, child.stderr], () => lastData).then(() => {
				child.stdin?.destroy();
				resolve({exitCode: code ?? undefined, signal: signal ?? undefined, timedOut, stdout: text(stdout), stderr: text(stderr), spawnError: undefined});
			});
		});
	});
	return {
		exited,
		kill: signal => child.exitCode === null && child.signalCode === null && child.kill(signal),
	};
}

/**
 * Reads what is left in the pipes until each has ended, or nothing came for `quietMs` (counted from
 * the exit at the earliest), or `drainMs` passed; then lets go of them. A destroyed read end frees
 * our event loop; a process still writing to it gets EPIPE (ssh ignores SIGPIPE).
 */
async function drain(streams: ReadonlyArray<Readable | null>, lastData: () => number): Promise<void> {
	const open = streams.filter((stream): stream is Readable => stream !== null && !stream.readableEnded && !stream.destroyed);
	let ended = false;
	const allEnded = Promise.all(open.map(async stream => new Promise<void>(resolve => {
		stream.once('close', resolve);
		stream.once('end', resolve);
	}))).then(() => {
		ended = true;
	});
	const deadline = performance.now() + drainMs;
	for (;;) {
		const now = performance.now();
		const quietLeft = lastData() + quietMs - now;
		if (ended || quietLeft <= 0 || now >= deadline) {
			break;
		}

		await Promise.race([allEnded, new Promise(resolve => setTimeout(resolve, Math.ceil(Math.min(quietLeft, deadline - now))))]);
	}

	for (const stream of open) {
		stream.destroy();
	}
}
