// Runs ssh. The only importer of execa: argv arrays in, never a shell. execa is loaded on first use:
// `ls` runs no ssh but `ssh -G` (querySsh, node's own execFile) and should not pay for loading it.

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
 * Runs ssh to completion. With `-f`, ssh forks after authentication and the child points its stdio
 * at /dev/null (ssh.c fork_postauth), so our stderr pipe closes when the parent exits.
 */
export async function runSsh(argv: readonly string[], options: SshRunOptions): Promise<SshRun> {
	const [file, ...args] = argv;
	if (file === undefined) {
		throw new Error('runSsh: empty argv');
	}

	const {execa} = await import('execa');
	const result = await execa(file, args, {
		reject: false,
		stdin: options.prompt.kind === 'terminal' ? 'inherit' : 'ignore',
		stdout: 'pipe',
		stderr: 'pipe',
		timeout: options.timeoutMs,
		killSignal: 'SIGKILL',
		...(options.prompt.kind === 'askpass' ? {env: options.prompt.env, detached: true} : {}),
	});
	const spawnError = result.exitCode === undefined && !result.timedOut ? `${file}: ${result.shortMessage}` : '';
	return {exitCode: result.exitCode ?? 255, stdout: result.stdout, stderr: `${result.stderr ?? ''}${spawnError}`, timedOut: result.timedOut};
}

/**
 * Runs a short ssh that only prints, such as `ssh -G`, with node's own execFile (no shell, bounded):
 * `ls` runs one per host of the ssh config and should not pay for loading execa.
 */
export async function querySsh(argv: readonly string[], timeoutMs: number): Promise<SshRun> {
	const [file, ...args] = argv;
	if (file === undefined) {
		throw new Error('querySsh: empty argv');
	}

	const {execFile} = await import('node:child_process');
	return new Promise(resolve => {
		const child = execFile(file, args, {timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 4 * 1024 * 1024}, (error, stdout, stderr) => {
			// A string code is a spawn failure (ENOENT, …), not an exit status: 255, as ssh's own failures.
			const spawnError = typeof error?.code === 'string' ? `${file}: ${error.message}` : '';
			resolve({exitCode: spawnError === '' ? child.exitCode ?? 255 : 255, stdout, stderr: `${stderr}${spawnError}`, timedOut: error?.killed === true});
		});
		child.stdin?.end();
	});
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
	const [file, ...args] = argv;
	if (file === undefined) {
		throw new Error('probeChannel: empty argv');
	}

	const {execa} = await import('execa');
	const subprocess = execa(file, args, {reject: false, stdin: 'pipe', stdout: 'ignore', stderr: 'pipe', timeout: timeoutMs, killSignal: 'SIGKILL'});
	let stderr = '';
	const opened = new Promise<'open'>(resolve => {
		subprocess.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
			// Through a master: `master session id`; over a connection of its own (with -vv): `open confirm`.
			if (/master session id|channel \d+: open confirm/.test(stderr)) {
				resolve('open');
			}
		});
	});
	const outcome = await Promise.race([opened, subprocess]);
	if (outcome === 'open') {
		subprocess.kill('SIGTERM');
		await subprocess;
		return {kind: 'open'};
	}

	if (outcome.timedOut) {
		return {kind: 'timeout'};
	}

	return {kind: 'failed', stderr: stderr.split('\n').filter(line => !line.startsWith('debug')).join('\n').trim()};
}
