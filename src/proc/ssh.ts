// Runs ssh: argv arrays in, never a shell, every run bounded, done when ssh exits (spawn.ts).
import {spawnToExit} from './spawn.js';

export type SshRun = {
	readonly exitCode: number;
	/** what ssh printed itself (`ssh -G`); a backgrounded `-f` child points its stdout at /dev/null */
	readonly stdout: string;
	readonly stderr: string;
	/** killed by our timeout */
	readonly timedOut: boolean;
};

/** Who answers ssh's questions (host keys, passwords, passphrases). */
export type PromptRoute =
	/** nobody: BatchMode=yes, stdin closed */
	| {readonly kind: 'none'}
	/** a person at this terminal: ssh opens /dev/tty itself */
	| {readonly kind: 'terminal'}
	/**
	 * a helper program (SSH_ASKPASS with SSH_ASKPASS_REQUIRE=force, see ssh(1) ENVIRONMENT); ssh runs
	 * in a session of its own so that it can never write to a terminal someone else draws on
	 */
	| {readonly kind: 'askpass'; readonly env: Readonly<Record<string, string>>};

export type SshRunOptions = {
	/** every ssh call has a bound */
	readonly timeoutMs: number;
	readonly prompt: PromptRoute;
};

/**
 * Runs ssh until it exits. With `-f`, ssh forks after authentication and the child points its stdio
 * at /dev/null (ssh.c fork_postauth), but a ProxyJump or ProxyCommand child started before the fork
 * keeps ssh's stderr for the tunnel's whole life: the exit decides, not the end of the output
 * (spawn.ts). A timeout kills ssh with SIGKILL.
 */
export async function runSsh(argv: readonly string[], options: SshRunOptions): Promise<SshRun> {
	const run = spawnToExit(argv, {
		timeoutMs: options.timeoutMs,
		stdin: options.prompt.kind === 'terminal' ? 'inherit' : 'ignore',
		stdout: 'pipe',
		...(options.prompt.kind === 'askpass' ? {env: options.prompt.env, detached: true} : {}),
	});
	const exit = await run.exited;
	return {exitCode: exit.exitCode ?? 255, stdout: exit.stdout, stderr: `${exit.stderr}${exit.spawnError ?? ''}`, timedOut: exit.timedOut};
}

/** A short ssh that only prints, such as `ssh -G`: nobody to ask, nothing in the background. */
export async function querySsh(argv: readonly string[], timeoutMs: number): Promise<SshRun> {
	return runSsh(argv, {timeoutMs, prompt: {kind: 'none'}});
}

export type ChannelProbe =
	| {readonly kind: 'open'}
	| {readonly kind: 'failed'; readonly stderr: string}
	| {readonly kind: 'timeout'};

/**
 * Opens one channel (`ssh -v -S SOCK -W host:port` through a running master, or `ssh -vv -W` on a
 * connection of its own) and closes it again.
 * The channel round-trips to the server, so this also proves the server answers. Success shows as
 * ssh's debug line `master session id` (mux.c mux_client_request_stdio_fwd), printed only once the
 * master has the server's open confirmation; failures end ssh with its reason on stderr.
 */
export async function probeChannel(argv: readonly string[], timeoutMs: number): Promise<ChannelProbe> {
	let stderr = '';
	let resolveOpen: (open: 'open') => void = () => undefined;
	const opened = new Promise<'open'>(resolve => {
		resolveOpen = resolve;
	});
	const run = spawnToExit(argv, {
		timeoutMs,
		// Open until ssh exits: the channel's input, which ssh would otherwise end at once.
		stdin: 'pipe',
		stdout: 'ignore',
		onStderr(text) {
			stderr += text;
			// Through a master: `master session id`; over a connection of its own (with -vv): `open confirm`.
			if (/master session id|channel \d+: open confirm/.test(stderr)) {
				resolveOpen('open');
			}
		},
	});
	const outcome = await Promise.race([opened, run.exited]);
	if (outcome === 'open') {
		// ssh ends its ProxyJump child itself on the way out (ssh.c ssh_kill_proxy_command).
		run.kill('SIGTERM');
		await run.exited;
		return {kind: 'open'};
	}

	if (outcome.timedOut) {
		return {kind: 'timeout'};
	}

	return {kind: 'failed', stderr: stderr.split('\n').filter(line => !line.startsWith('debug')).join('\n').trim()};
}
