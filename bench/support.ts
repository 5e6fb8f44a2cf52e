// What the tunnel benchmarks share: a sandbox (profile file, short runtime directory, env), the CLI
// run as a user runs it, and exact-PID process handling read from /proc. Loopback only.
import {readFileSync} from 'node:fs';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {execa} from 'execa';
import type {EchoServer} from '../test/support/echo-server.js';
import {binPath} from '../test/support/paths.js';
import type {TestSshd} from '../test/support/sshd.js';
import {isAlive, processTable, signal, until} from '../test/support/processes.js';

export type Bench = {
	/** short temporary directory (0700) holding the profile and, under `r`, the runtime directory */
	readonly dir: string;
	readonly profile: string;
	readonly runtimeDir: string;
	readonly env: Record<string, string>;
	/**
	 * runs `node bin/tunnels.js ARGS`, bounded; rejects on a non-zero exit unless `allowFailure`.
	 * `env` adds to the sandbox's (TUNNELS_OBSERVE); `bin` runs another build (a before/after).
	 */
	tunnels(args: readonly string[], options?: {readonly allowFailure?: boolean; readonly timeoutMs?: number; readonly env?: Readonly<Record<string, string>>; readonly bin?: string}): Promise<{exitCode: number; stdout: string; stderr: string}>;
	/** one tunnel per entry to `testhost`; `more` adds profile keys (restart, keepAlive, …) */
	writeProfile(tunnels: ReadonlyArray<{readonly name: string; readonly local: string; readonly more?: Readonly<Record<string, unknown>>}>): Promise<void>;
	dispose(): Promise<void>;
};

/** A sandbox whose runtime directory path is short (`/tmp/tb-XXXXXX/r`): control sockets live there. */
export async function createBench(sshConfigFile: string): Promise<Bench> {
	const dir = await mkdtemp('/tmp/tb-');
	const profile = path.join(dir, 'tunnels.yaml');
	const runtimeDir = path.join(dir, 'r');
	const inherited = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] =>
		entry[1] !== undefined && !entry[0].startsWith('TUNNELS_') && !entry[0].startsWith('XDG_')));
	const env = {...inherited, HOME: dir, TUNNELS_CONFIG: profile, TUNNELS_RUNTIME_DIR: runtimeDir};
	return {
		dir,
		profile,
		runtimeDir,
		env,
		async tunnels(args, options = {}) {
			const result = await execa(process.execPath, [options.bin ?? binPath, ...args], {
				env: {...env, ...options.env},
				extendEnv: false,
				reject: false,
				stdin: 'ignore',
				timeout: options.timeoutMs ?? 120_000,
			});
			const outcome = {exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr)};
			if (outcome.exitCode !== 0 && !options.allowFailure) {
				throw new Error(`tunnels ${args.join(' ')} exited ${outcome.exitCode}${result.timedOut ? ' (timed out)' : ''}\n${outcome.stdout}${outcome.stderr}`);
			}

			return outcome;
		},
		async writeProfile(tunnels) {
			const lines = ['allowCommands: true', `sshConfig: ${JSON.stringify(sshConfigFile)}`, 'tunnels:'];
			for (const {name, local, more = {}} of tunnels) {
				// JSON values are YAML flow values.
				lines.push(`  ${name}:`, '    host: testhost', `    local: [${JSON.stringify(local)}]`, ...Object.entries(more).map(([key, value]) => `    ${key}: ${JSON.stringify(value)}`));
			}

			await writeFile(profile, `${lines.join('\n')}\n`, {mode: 0o600});
		},
		dispose: async () => rm(dir, {recursive: true, force: true}),
	};
}

export type Proc = {readonly pid: number; readonly argv: readonly string[]; readonly zombie: boolean};

/** This user's processes whose argv satisfies `match`, read from /proc (no spawn). */
export async function findProcesses(match: (argv: readonly string[]) => boolean): Promise<Proc[]> {
	return processTable()
		.filter(found => match(found.argv) && ownedByMe(found.pid))
		.map(found => ({pid: found.pid, argv: found.argv, zombie: !isAlive(found.pid)}));
}

function ownedByMe(pid: number): boolean {
	try {
		return Number(/^Uid:\s+\d+\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) === process.getuid?.();
	} catch {
		return false; // gone meanwhile
	}
}

/**
 * Ends exactly this PID if it still runs `argv` (checked first: PIDs are reused): SIGTERM, then
 * SIGKILL after `graceMs`; waits (bounded) until it is gone or a zombie. True when it is dead.
 */
export async function killExact(pid: number, argv: readonly string[], graceMs = 2000): Promise<boolean> {
	const now = (await findProcesses(found => found.length === argv.length && found.every((arg, index) => arg === argv[index]))).find(found => found.pid === pid);
	if (now === undefined || now.zombie) return true;
	signal(pid, 'SIGTERM');
	if (await until(() => !isAlive(pid), graceMs)) return true;
	signal(pid, 'SIGKILL');
	return until(() => !isAlive(pid), 2000);
}

/**
 * `load 1.23 0.98 0.75 (1/5/15 min), 2 cores`, and what in the environment changes every Node
 * process's start: NODE_EXTRA_CA_CERTS makes Node 20 load its CA store as it starts (~30 ms here,
 * in `node -e 0` and in the tool alike), which moves every ratio to Node's start or to raw ssh.
 */
export function loadLine(): string {
	const starting = ['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS'].filter(name => (process.env[name] ?? '') !== '');
	return `load ${os.loadavg().map(value => value.toFixed(2)).join(' ')} (1/5/15 min), ${os.cpus().length} cores${starting.length === 0 ? '' : `; set: ${starting.join(', ')}`}`;
}

/**
 * `count` distinct local ports, each free on 127.0.0.1 (and ::1, where ssh binds too) a moment ago,
 * taken below the kernel's ephemeral range: ports handed out by bind(0) come back again (two of
 * fifty were equal in one run) and the ssh clients' own outgoing connections take ephemeral ports.
 */
export async function pickPorts(count: number): Promise<number[]> {
	const range = await readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').catch(() => '32768 60999');
	const ephemeralLow = Number(range.trim().split(/\s+/)[0]) || 32_768;
	const low = 20_000;
	const high = Math.max(low + 1000, ephemeralLow) - 1;
	const picked = new Set<number>();
	for (let attempt = 0; picked.size < count && attempt < count * 50; attempt++) {
		const port = low + Math.floor(Math.random() * (high - low + 1));
		if (!picked.has(port) && (await bindable('127.0.0.1', port)) && (await bindable('::1', port, true))) picked.add(port);
	}

	if (picked.size < count) throw new Error(`found only ${picked.size} of ${count} free ports in ${low}-${high}`);
	return [...picked];
}

async function bindable(host: string, port: number, absentIsFine = false): Promise<boolean> {
	return new Promise(resolve => {
		const server = net.createServer();
		server.once('error', (error: NodeJS.ErrnoException) => resolve(absentIsFine && error.code === 'EADDRNOTAVAIL'));
		server.listen({host, port, exclusive: true}, () => server.close(() => resolve(true)));
	});
}

/** One step of a benchmark's cleanup: a failure is reported and fails the run, and the next step still runs. */
export async function cleanupStep(what: string, run: () => Promise<unknown>): Promise<void> {
	try {
		await run();
	} catch (error) {
		console.error(`cleanup (${what}): ${error instanceof Error ? error.message : String(error)}`);
		process.exitCode = 1;
	}
}

/**
 * The end of a tunnel benchmark: `down --all`, then any ssh still running that `isLeftover` picks
 * (killed by exact PID and argv), then the echo server, the sshd and the directory, each step on its own.
 */
export async function cleanUpTunnels(parts: {
	readonly bench: Bench | undefined;
	readonly echo: EchoServer | undefined;
	readonly sshd: TestSshd | undefined;
	readonly isLeftover: (argv: readonly string[], bench: Bench) => boolean;
}): Promise<void> {
	const {bench: b, echo, sshd} = parts;
	if (b !== undefined) {
		await cleanupStep('tunnels down --all', async () => b.tunnels(['down', '--all'], {allowFailure: true, timeoutMs: 60_000}));
		await cleanupStep('leftover ssh', async () => {
			const left = await findProcesses(argv => parts.isLeftover(argv, b));
			for (const found of left.filter(candidate => !candidate.zombie)) {
				console.error(`cleanup: killing leftover ssh pid ${found.pid}`);
				await killExact(found.pid, found.argv);
			}
		});
	}

	if (echo !== undefined) await cleanupStep('echo server', async () => echo.close());
	if (sshd !== undefined) await cleanupStep('sshd', async () => sshd.dispose());
	if (b !== undefined) await cleanupStep('temporary directory', async () => b.dispose());
}

/** A count from the command line (argv[2] unless told), within bounds: a typo must not start a run of thousands. */
export function countArgument(what: string, fallback: number, max: number, index = 2): number {
	const given = process.argv[index];
	const count = Number(given ?? fallback);
	if (!Number.isInteger(count) || count < 1 || count > max) {
		throw new Error(`${what} must be an integer from 1 to ${max}, not ${given}`);
	}

	return count;
}

/** Turns true on SIGINT or SIGTERM: the rounds stop, and the bench stops what it started before it exits. */
export function interruption(): {readonly interrupted: boolean} {
	const state = {interrupted: false};
	for (const name of ['SIGINT', 'SIGTERM'] as const) {
		process.once(name, () => {
			state.interrupted = true;
		});
	}

	return state;
}
