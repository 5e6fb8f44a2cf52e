/** Why ssh failed, read from its own stderr; `line` is ssh's words, kept for the user. */
export type SshFailure =
	| {readonly kind: 'port-in-use'; readonly address: string; readonly port: number; readonly line: string}
	| {readonly kind: 'remote-forward-refused'; readonly port: number; readonly line: string}
	| {readonly kind: 'forwarding-prohibited'; readonly line: string}
	| {readonly kind: 'connection-refused'; readonly line: string}
	| {readonly kind: 'connect-timeout'; readonly line: string}
	| {readonly kind: 'unreachable'; readonly line: string}
	| {readonly kind: 'name-not-resolved'; readonly host: string; readonly line: string}
	| {readonly kind: 'auth-failed'; readonly line: string}
	| {readonly kind: 'host-key-unknown'; readonly line: string}
	| {readonly kind: 'host-key-changed'; readonly line: string}
	| {readonly kind: 'control-path-too-long'; readonly line: string}
	| {readonly kind: 'timeout'; readonly seconds: number}
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

/** One sentence for a person, with what to do where there is something to do. */
export function describeFailure(failure: SshFailure, batch: boolean): {readonly message: string; readonly hint: string | undefined} {
	switch (failure.kind) {
		case 'port-in-use': {
			return {message: `local port ${failure.port} on ${failure.address} is already in use`, hint: 'stop what holds it, or give the forward another port'};
		}

		case 'remote-forward-refused': {
			return {message: `the server refused to listen on port ${failure.port} (taken there, or remote forwarding is not allowed)`, hint: 'a dropped session may still hold it: retry in a moment, or pick another port'};
		}

		case 'forwarding-prohibited': {
			return {message: 'the server does not allow port forwarding (AllowTcpForwarding)', hint: 'ask for AllowTcpForwarding yes in the server\'s sshd_config'};
		}

		case 'connection-refused': {
			return {message: 'the server refused the connection: no sshd listens there', hint: 'check host and port, and that sshd runs'};
		}

		case 'connect-timeout': {
			return {message: 'the connection to the server timed out', hint: 'check the address, the network and any firewall'};
		}

		case 'unreachable': {
			return {message: 'the server cannot be reached from here', hint: 'check the network and the address'};
		}

		case 'name-not-resolved': {
			return {message: `the host name ${failure.host} does not resolve`, hint: 'check the name, or define it as a Host in ~/.ssh/config'};
		}

		case 'auth-failed': {
			return {
				message: 'authentication failed',
				hint: batch ? 'without a terminal ssh cannot ask for a password or passphrase: load the key into ssh-agent, or run `tunnels up` from a terminal' : 'check the user, the key (identityFile) and that it is authorized on the server',
			};
		}

		case 'host-key-unknown': {
			return {
				message: 'the server\'s host key is not known',
				hint: batch ? 'connect once from a terminal (ssh HOST, or tunnels up in a terminal) to confirm the key' : 'confirm the key by connecting once with ssh',
			};
		}

		case 'host-key-changed': {
			return {message: 'the server\'s host key CHANGED: possibly an attack, or a reinstalled server', hint: 'verify the new key out of band, then remove the old one with ssh-keygen -R HOST'};
		}

		case 'control-path-too-long': {
			return {message: 'the control socket path is too long for ssh', hint: 'set TUNNELS_RUNTIME_DIR to a short directory'};
		}

		case 'timeout': {
			return {message: `ssh did not finish within ${failure.seconds} s`, hint: 'the server may be unresponsive; try `ssh -v` by hand'};
		}

		case 'other': {
			return {message: `ssh failed (exit ${failure.exitCode}): ${failure.line}`, hint: undefined};
		}
	}
}
