import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {execa} from 'execa';
import {binPath} from './paths.js';

export type CliResult = {
	readonly exitCode: number;
	readonly stdout: string;
	readonly stderr: string;
};

/** A throwaway home for one test: its own profile path, runtime directory and HOME, never the user's. */
export type Sandbox = {
	readonly dir: string;
	readonly profile: string;
	readonly env: Record<string, string>;
	run(args: readonly string[], env?: Record<string, string>): Promise<CliResult>;
	dispose(): Promise<void>;
};

export async function createSandbox(extraEnv: Record<string, string> = {}): Promise<Sandbox> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'tunnels-test-'));
	const profile = path.join(dir, 'config', 'tunnels.yaml');
	const env = {
		HOME: dir,
		TUNNELS_CONFIG: profile,
		// Short: control sockets live here and ssh limits their path length.
		TUNNELS_RUNTIME_DIR: path.join(dir, 'run'),
		...extraEnv,
	};
	return {
		dir,
		profile,
		env,
		run: async (args, moreEnv = {}) => runCli(args, {...env, ...moreEnv}),
		dispose: async () => rm(dir, {recursive: true, force: true}),
	};
}

/** Runs the built binary as a user would, without a terminal, with a clean environment. */
export async function runCli(args: readonly string[], env: Record<string, string>): Promise<CliResult> {
	const result = await execa(process.execPath, [binPath, ...args], {
		env: cliEnvironment(env),
		extendEnv: false,
		reject: false,
		stdin: 'ignore',
		stripFinalNewline: false,
		timeout: 60_000,
	});
	return {exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr};
}

/**
 * This process's environment without the tool's own settings (TUNNELS_*, XDG_*), then `env`.
 * TUNNELS_OBSERVE is kept: CI runs the suites that decide on observed facts a second time with the
 * portable backend (.ci/test.mjs).
 */
export function cliEnvironment(env: Record<string, string>): Record<string, string | undefined> {
	const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => key === 'TUNNELS_OBSERVE' || (!key.startsWith('TUNNELS_') && !key.startsWith('XDG_'))));
	return {...inherited, ...env};
}
