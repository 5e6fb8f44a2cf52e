// End-to-end helpers: a sandboxed `tunnels` wired to a test sshd, a view of `ls --json`, and an
// oracle that reads /proc itself (processes.ts, never the code under test) to say which ssh processes exist.
import assert from 'node:assert/strict';
import {mkdir, readdir, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import os from 'node:os';
import {socketDirectoryPath} from '../../src/mux/control-path.js';
import {after, afterEach, before} from 'node:test';
import {createSandbox, type CliResult, type Sandbox} from './cli.js';
import {isAlive, processTable, readProc, signal, until, type Proc} from './processes.js';
import {startEchoServer, type EchoServer} from './echo-server.js';
import {startSshd, type TestSshd} from './sshd.js';

/** `tunnels ls --json`, as much of it as the tests read. */
export type LsJson = {
	readonly tunnels: ReadonlyArray<{
		readonly name: string;
		readonly source: {readonly kind: 'profile'} | {readonly kind: 'ssh-config'; readonly file: string; readonly line: number; readonly route: string};
		readonly controlPath: string;
		readonly state: 'down' | 'starting' | 'up' | 'failed' | 'stale';
		readonly pid?: number;
		readonly pids?: readonly number[];
		readonly reason?: string;
		readonly failure?: {readonly kind: string};
		readonly forwards?: ReadonlyArray<{readonly kind: 'local' | 'remote' | 'dynamic'; readonly bound: readonly string[]}>;
	}>;
	readonly outside: ReadonlyArray<{
		readonly origin: 'orphan' | 'other-profile' | 'outside';
		readonly pid: number;
		readonly argv: readonly string[];
		readonly forwards: ReadonlyArray<{readonly flag: string; readonly spec: string}>;
		readonly destination?: string;
		readonly listeners: ReadonlyArray<{readonly address: string; readonly port: number}>;
	}>;
};

export type World = {
	readonly sandbox: Sandbox;
	/** the profile's socket directory inside TUNNELS_RUNTIME_DIR: control sockets live here */
	readonly runtimeDir: string;
	/** Writes the profile file (JSON, which is YAML too): `sshConfig` (the test sshd's unless given) and these tunnels. */
	setTunnels(tunnels: Record<string, unknown>, options?: {readonly sshConfig?: string}): Promise<void>;
	run(args: readonly string[], env?: Record<string, string>): Promise<CliResult>;
	/** `ls --json`, asserted to exit 0 */
	ls(): Promise<LsJson>;
	/** the tunnel's entry in `ls --json` */
	status(name: string): Promise<LsJson['tunnels'][number]>;
	controlPath(name: string): string;
	/** Live (not zombie) ssh processes whose argv carries this tunnel's ControlPath, from /proc. */
	masters(name: string): number[];
	/** A PID this test started outside the tool, to be killed by cleanup() if it still runs the same argv. */
	track(pid: number): void;
	/**
	 * Leaves nothing running: `down --all` when any process of this sandbox is left, then SIGCONT and
	 * SIGKILL by PID for whatever is still there (a process is ours when its argv names the sandbox),
	 * tracked PIDs too; socket files are removed. Bounded.
	 */
	cleanup(): Promise<void>;
	dispose(): Promise<void>;
};

export type WorldSetup = {readonly sshd: TestSshd; readonly echo: EchoServer; readonly world: World};

/**
 * For a describe block: one sshd, an echo server on 127.0.0.2 and a world, started before its
 * tests, cleaned up after each and disposed after all. Tests call the returned function.
 */
export function useWorld(): () => WorldSetup {
	let setup: WorldSetup | undefined;
	before(async () => {
		const [sshd, echo] = await Promise.all([startSshd(), startEchoServer('127.0.0.2')]);
		setup = {sshd, echo, world: await createWorld(sshd)};
	});
	afterEach(async () => setup?.world.cleanup());
	after(async () => {
		await setup?.world.dispose();
		await Promise.allSettled([setup?.sshd.dispose(), setup?.echo.close()]);
	});
	return () => {
		assert.ok(setup, 'the world is set up in before()');
		return setup;
	};
}

export async function createWorld(sshd: TestSshd): Promise<World> {
	const sandbox = await createSandbox();
	// The profile's own socket directory inside TUNNELS_RUNTIME_DIR (one per profile file).
	const runtimeDir = socketDirectoryPath({env: sandbox.env, uid: process.getuid?.() ?? 0, tmpdir: os.tmpdir(), profilePath: sandbox.profile}).directory;
	const tracked = new Map<number, string>();
	const ours = (): Proc[] => processTable().filter(p => p.state !== 'Z' && (p.argv.some(arg => arg.includes(sandbox.dir)) || tracked.get(p.pid) === p.argv.join('\0')));
	const world: World = {
		sandbox,
		runtimeDir,
		async setTunnels(tunnels, options = {}) {
			await mkdir(path.dirname(sandbox.profile), {recursive: true});
			// 0600: the tool refuses a profile file others can write.
			await writeFile(sandbox.profile, `${JSON.stringify({allowCommands: true, sshConfig: options.sshConfig ?? sshd.sshConfigFile, tunnels}, undefined, 2)}\n`, {mode: 0o600});
		},
		run: async (args, env) => sandbox.run(args, env),
		async ls() {
			const result = await sandbox.run(['ls', '--json']);
			assert.equal(result.exitCode, 0, `ls --json failed: ${result.stderr}`);
			return JSON.parse(result.stdout) as LsJson;
		},
		async status(name) {
			const entry = (await world.ls()).tunnels.find(tunnel => tunnel.name === name);
			assert.ok(entry, `ls --json lists ${name}`);
			return entry;
		},
		controlPath: name => path.join(runtimeDir, name),
		masters(name) {
			const option = `ControlPath=${world.controlPath(name)}`;
			return processTable().filter(p => p.state !== 'Z' && path.basename(p.argv[0] ?? '') === 'ssh' && p.argv.includes(option)).map(p => p.pid);
		},
		track(pid) {
			const found = readProc(pid);
			if (found) tracked.set(pid, found.argv.join('\0'));
		},
		async cleanup() {
			const left = ours().filter(p => p.pid !== process.pid);
			if (left.length > 0) await sandbox.run(['down', '--all']).catch(() => undefined);
			const still = ours().filter(p => p.pid !== process.pid);
			for (const p of still) {
				signal(p.pid, 'SIGCONT');
				signal(p.pid, 'SIGKILL');
			}
			await until(() => still.every(p => !isAlive(p.pid)), 5000);
			tracked.clear();
			// Stale sockets and start locks, so that the next test starts from nothing.
			const entries = await readdir(runtimeDir).catch(() => [] as string[]);
			await Promise.all(entries.map(async entry => rm(path.join(runtimeDir, entry), {recursive: true, force: true})));
		},
		async dispose() {
			await world.cleanup();
			await sandbox.dispose();
		},
	};
	return world;
}

/** The PID that `tunnels up` printed: `NAME up · pid N · …`. */
export function upPid(stdout: string, name: string): number {
	const match = new RegExp(`^${name} up · pid (\\d+) · `, 'm').exec(stdout);
	assert.ok(match, `\`${name} up · pid N\` in ${JSON.stringify(stdout)}`);
	return Number(match[1]);
}
