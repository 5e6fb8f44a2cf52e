/** Why ssh failed, read from its own stderr; `line` is ssh's words, kept for the user. */
export type SshFailure =
	| {readonly kind: 'port-in-use'; readonly address: string; readonly port: number; readonly line: string}
	| {readonly kind: 'remote-forward-refused'; readonly port: number; readonly line: string}
	/** a socket file is already at a local listen path: something listens there, or a stale one without StreamLocalBindUnlink */
	| {readonly kind: 'socket-in-use'; readonly path: string; readonly line: string}
	/** a local listen path cannot be bound: `reason` is the system's (No such file or directory, Permission denied, …) */
	| {readonly kind: 'socket-bind-failed'; readonly path: string; readonly reason: string; readonly line: string}
	/** the server refused to listen on a socket path: a file is there (its sshd has StreamLocalBindUnlink no), or it is not allowed */
	| {readonly kind: 'remote-socket-refused'; readonly path: string; readonly line: string}
	| {readonly kind: 'forwarding-prohibited'; readonly line: string}
	/**
	 * a jump host (ProxyJump) could not open the way to the next hop: its `ssh -W` child says so;
	 * `said` is the jump host's reason (`connect failed: Connection refused`, `administratively prohibited: open failed`)
	 */
	| {readonly kind: 'jump-failed'; readonly said: string; readonly line: string}
	| {readonly kind: 'connection-refused'; readonly line: string}
	| {readonly kind: 'connect-timeout'; readonly line: string}
	| {readonly kind: 'unreachable'; readonly line: string}
	| {readonly kind: 'name-not-resolved'; readonly host: string; readonly line: string}
	| {readonly kind: 'auth-failed'; readonly line: string}
	| {readonly kind: 'host-key-unknown'; readonly line: string}
	| {readonly kind: 'host-key-changed'; readonly line: string}
	| {readonly kind: 'control-path-too-long'; readonly line: string}
	| {readonly kind: 'timeout'; readonly seconds: number}
	/** never run: the kernel would refuse the command line (E2BIG), one argument or the whole */
	| {readonly kind: 'command-line-too-long'; readonly scope: 'argument' | 'whole'; readonly bytes: number; readonly limitBytes: number}
	| {readonly kind: 'other'; readonly exitCode: number; readonly line: string};

type Rule = (line: string, all: string) => SshFailure | undefined;

// Checked in order: the most specific cause first (a changed host key also prints "verification failed").
const rules: readonly Rule[] = [
	line => {
		const match = /^bind \[?([^\]]*)\]?:(\d+): Address already in use/.exec(line);
		return match ? {kind: 'port-in-use', address: match[1] ?? '', port: Number(match[2]), line} : undefined;
	},
	line => {
		const match = /remote port forwarding failed for listen port (\d+)/.exec(line);
		return match ? {kind: 'remote-forward-refused', port: Number(match[1]), line} : undefined;
	},
	line => {
		const match = /^unix_listener: cannot bind to path (.*): (.*)$/.exec(line);
		if (!match) {
			return undefined;
		}

		const [, path = '', reason = ''] = match;
		return reason === 'Address already in use' ? {kind: 'socket-in-use', path, line} : {kind: 'socket-bind-failed', path, reason, line};
	},
	line => {
		const match = /remote port forwarding failed for listen path (.*)$/.exec(line);
		return match ? {kind: 'remote-socket-refused', path: match[1] ?? '', line} : undefined;
	},
	// Before the server's own refusal. An `ssh -W` says `stdio forwarding failed`; when it is a jump
	// child (ProxyJump), the ssh that reads its server through it then says its connection closed
	// before the key exchange. A `-W` of our own (doctor's test channel) says only the first.
	(line, all) => {
		const match = /^channel \d+: open failed: (.*)$/.exec(line);
		const throughJump = /^stdio forwarding failed\r?$/m.test(all) && /^(kex_exchange_identification: Connection closed|Connection closed by UNKNOWN)/m.test(all);
		return match && throughJump ? {kind: 'jump-failed', said: match[1] ?? '', line} : undefined;
	},
	line => (/administratively prohibited/.test(line) ? {kind: 'forwarding-prohibited', line} : undefined),
	(line, all) => (/REMOTE HOST IDENTIFICATION HAS CHANGED/.test(all) && /Host key verification failed/.test(line) ? {kind: 'host-key-changed', line} : undefined),
	(line, all) => (/No \S+ host key is known for|Host key verification failed/.test(line) && !/HAS CHANGED/.test(all) ? {kind: 'host-key-unknown', line} : undefined),
	line => (/: Permission denied \(/.test(line) ? {kind: 'auth-failed', line} : undefined),
	line => (/^ssh: connect to host .*: Connection refused/.test(line) ? {kind: 'connection-refused', line} : undefined),
	line => (/^ssh: connect to host .*: (Connection timed out|Operation timed out)/.test(line) ? {kind: 'connect-timeout', line} : undefined),
	line => (/^ssh: connect to host .*: (No route to host|Network is unreachable)/.test(line) ? {kind: 'unreachable', line} : undefined),
	line => {
		const match = /^ssh: Could not resolve hostname (\S+):/.exec(line);
		return match ? {kind: 'name-not-resolved', host: match[1] ?? '', line} : undefined;
	},
	line => (/too long for Unix domain socket/.test(line) ? {kind: 'control-path-too-long', line} : undefined),
];

/** Reads ssh's stderr after a failed run. Warnings ssh prints on success are ignored by the caller. */
export function classifySshFailure(stderr: string, exitCode: number): SshFailure {
	const lines = stderr.split('\n').map(line => line.trim()).filter(line => line !== '');
	for (const rule of rules) {
		for (const line of lines) {
			const failure = rule(line, stderr);
			if (failure !== undefined) {
				return failure;
			}
		}
	}

	return {kind: 'other', exitCode, line: lines.at(-1) ?? `ssh exited with status ${exitCode} and said nothing`};
}
