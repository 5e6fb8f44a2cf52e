// A real terminal for end-to-end UI tests: tmux on a private server socket, driven with send-keys
// and read with capture-pane. Never the user's own tmux server.
import assert from 'node:assert/strict';
import process from 'node:process';
import {execa} from 'execa';
import {binPath} from './paths.js';
import {until} from './wait.js';

export type Terminal = {
	/** the screen as text, without colours */
	screen(): Promise<string>;
	/** tmux key names (`Enter`, `Escape`, `j`) or literal text with `literal` */
	send(keys: readonly string[], options?: {readonly literal?: boolean}): Promise<void>;
	/** waits (bounded) for the screen to match; fails with the last screen */
	waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
	/** the tmux paste buffer, where OSC 52 lands with set-clipboard on */
	clipboard(): Promise<string>;
	/** whether the program in the pane still runs */
	running(): Promise<boolean>;
	close(): Promise<void>;
};

let sessions = 0;

export type TerminalOptions = {
	readonly width?: number;
	readonly height?: number;
	/** arguments after `tunnels` */
	readonly args?: readonly string[];
	/** lines the pane shows before tunnels starts, as a shell's history would be */
	readonly before?: readonly string[];
	/** a file that receives every byte the program writes to the terminal (tmux pipe-pane) */
	readonly record?: string;
};

/** Runs `tunnels ARGS` in a fresh tmux server with this environment, in a width x height terminal. */
export async function openTerminal(env: Record<string, string>, options: TerminalOptions = {}): Promise<Terminal> {
	const socket = `tunnels-test-${process.pid}-${++sessions}`;
	const tmux = async (args: readonly string[]) => execa('tmux', ['-L', socket, '-f', '/dev/null', ...args], {reject: false, timeout: 10_000});
	const assignments = Object.entries({PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'xterm-256color', ...env}).map(([key, value]) => `${key}=${value}`);
	const started = await tmux([
		'new-session', '-d', '-x', String(options.width ?? 110), '-y', String(options.height ?? 45),
		'env', '-i', ...assignments,
		// The lines before are printf's arguments, never read as shell code; a pause lets pipe-pane attach first.
		...(options.before === undefined ? [] : ['/bin/sh', '-c', 'for line in "$@"; do shift; [ "$line" = -- ] && break; printf "%s\\n" "$line"; done; sleep 0.3; exec "$@"', 'sh', ...options.before, '--']),
		process.execPath, binPath, ...(options.args ?? []),
	]);
	assert.equal(started.exitCode, 0, `tmux did not start: ${started.stderr}`);
	if (options.record !== undefined) {
		await tmux(['pipe-pane', '-t', '0', '-o', `cat >> '${options.record}'`]);
	}

	// Applications may set the clipboard (OSC 52); the pane stays after the program exits, to be read.
	await tmux(['set-option', '-g', 'set-clipboard', 'on']);
	await tmux(['set-option', '-g', 'remain-on-exit', 'on']);
	const terminal: Terminal = {
		async screen() {
			return (await tmux(['capture-pane', '-p', '-t', '0'])).stdout;
		},
		async send(keys, sendOptions = {}) {
			await tmux(['send-keys', '-t', '0', ...(sendOptions.literal ? ['-l'] : []), ...keys]);
		},
		async waitFor(pattern, timeoutMs = 15_000) {
			let screen = '';
			return until(async () => {
				screen = await terminal.screen();
				return pattern.test(screen) ? screen : undefined;
			}, timeoutMs, () => `the screen never matched ${pattern}; it shows:\n${screen}`);
		},
		async clipboard() {
			return (await tmux(['show-buffer'])).stdout;
		},
		async running() {
			return (await tmux(['display-message', '-p', '-t', '0', '#{pane_dead}'])).stdout.trim() === '0';
		},
		async close() {
			await tmux(['kill-server']);
		},
	};
	return terminal;
}
