// `tunnels watch` run as a real process for end-to-end tests and benchmarks: its output lines as they
// come, waited for with bounds, and a stop by signal with a bounded wait. A watcher started in a
// world is tracked by it, so that its cleanup kills it if a test fails before stopping it.
import {spawn} from 'node:child_process';
import {cliEnvironment} from './cli.js';
import {binPath} from './paths.js';
import {isAlive, until} from './processes.js';
import type {World} from './tunnels.js';

/** One event as `--json` prints it: dates are ISO strings. */
export type WatchEventJson = {
	readonly kind: string;
	readonly at: string;
	readonly name?: string;
	readonly pid?: number;
	readonly attempt?: number;
	readonly nextAt?: string;
	readonly failure?: FailureJson;
	readonly after?: FailureJson;
	readonly stop?: {readonly by: string};
	readonly stopped?: readonly number[];
};

type FailureJson = {
	readonly kind: string;
	readonly pid?: number;
	readonly failure?: {readonly kind: string; readonly line?: string};
	readonly taken?: ReadonlyArray<{readonly port: number; readonly address: string; readonly holder: string}>;
};

export type RunningWatch = {
	readonly pid: number;
	/** stdout, one entry per line, as printed so far */
	readonly lines: readonly string[];
	/** the lines parsed as JSON (for `--json`) */
	events(): WatchEventJson[];
	/** the first event at index `from` or later that matches, waited for (bounded); fails with every line seen */
	waitFor(match: (event: WatchEventJson) => boolean, timeoutMs: number, from?: number): Promise<WatchEventJson>;
	/** the first line that matches, waited for (bounded) */
	waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
	/** sends `signalName` and waits for the exit; SIGKILL after `timeoutMs` */
	stop(signalName: NodeJS.Signals, timeoutMs?: number): Promise<{readonly code: number | null; readonly signal: string | null; readonly stderr: string}>;
};

/** `tunnels watch ARGS` in the world's sandbox, tracked for its cleanup. */
export function startWatch(world: World, args: readonly string[]): RunningWatch {
	const watch = spawnWatch(world.sandbox.env, args);
	world.track(watch.pid);
	return watch;
}

/** `tunnels watch ARGS` with this environment (the tool's own variables of this process left out). */
export function spawnWatch(env: Record<string, string>, args: readonly string[]): RunningWatch {
	const child = spawn(process.execPath, [binPath, 'watch', ...args], {env: cliEnvironment(env), stdio: ['ignore', 'pipe', 'pipe']});
	const lines: string[] = [];
	let pending = '';
	let stderr = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
		const parts = (pending + chunk).split('\n');
		pending = parts.pop() ?? '';
		lines.push(...parts);
	});
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
		stderr += chunk;
	});
	const exited = new Promise<{code: number | null; signal: string | null}>(resolve => {
		child.once('exit', (code, signal) => resolve({code, signal}));
	});
	const pid = child.pid!;
	const seen = () => `stdout:\n${lines.join('\n')}\nstderr:\n${stderr}`;
	const events = () => lines.map(line => JSON.parse(line) as WatchEventJson);
	return {
		pid,
		lines,
		events,
		async waitFor(match, timeoutMs, from = 0) {
			let found: WatchEventJson | undefined;
			const held = await until(() => {
				found = events().slice(from).find(event => match(event));
				return found !== undefined;
			}, timeoutMs);
			if (!held || found === undefined) {
				throw new Error(`no such event within ${timeoutMs} ms\n${seen()}`);
			}

			return found;
		},
		async waitForLine(pattern, timeoutMs) {
			const held = await until(() => lines.some(line => pattern.test(line)), timeoutMs);
			if (!held) {
				throw new Error(`no line matching ${pattern} within ${timeoutMs} ms\n${seen()}`);
			}

			return lines.find(line => pattern.test(line))!;
		},
		async stop(signalName, timeoutMs = 20_000) {
			if (isAlive(pid)) {
				child.kill(signalName);
			}

			const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
			try {
				return {...await exited, stderr};
			} finally {
				clearTimeout(timer);
			}
		},
	};
}
