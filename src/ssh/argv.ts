import {forwardsOf, formatHostPort} from '../profile/forward.js';
import {sshForwardSpec} from '../profile/forward-text.js';
import type {KeepAlive, Tunnel, TunnelSource} from '../profile/types.js';

/** What the tool adds to a tunnel's own settings so that the process can be tracked and verified. */
export type ManagedContext = {
	readonly sshBinary: string;
	/** passed as `-F`; undefined lets ssh read ~/.ssh/config */
	readonly sshConfigFile: string | undefined;
	/** this tunnel's control socket */
	readonly controlPath: string;
	/** where ssh appends its own messages (`-E`): the tunnel's log, read back for a failure's reason */
	readonly logFile: string;
	/** no terminal can answer a prompt: ssh must fail instead of asking */
	readonly batch: boolean;
};

/**
 * `minimal` carries the ssh config file the tool passes (the profile's `sshConfig`, `--ssh-config`):
 * the host is defined there, so a person's line without it would reach another host or none.
 */
export type ArgvMode = {readonly kind: 'managed'; readonly context: ManagedContext} | {readonly kind: 'minimal'; readonly sshConfigFile: string | undefined};

/** Seconds ssh may take to open the TCP connection, unless the tunnel's options say otherwise. */
export const defaultConnectTimeout = 15;

/**
 * Keep-alives of a tunnel without its own `keepAlive`, for every tunnel the tool runs or exports: a
 * server that stops answering is noticed in about 45 s, and ssh then exits instead of holding a
 * dead connection (a watcher restarts it).
 */
export const defaultKeepAlive: KeepAlive = {interval: 15, countMax: 3};

export function keepAliveOf(tunnel: Tunnel): KeepAlive {
	return tunnel.keepAlive ?? defaultKeepAlive;
}

/**
 * The one place a tunnel becomes an ssh command line. `managed` is exactly what `up` spawns and
 * `print` shows, default keep-alives included; `minimal` is what a person would type for the same tunnel.
 *
 * Tool options come before the tunnel's own `-o`s because ssh keeps the first value it reads
 * (ssh_config(5)), and `--` ends the options so the destination can never be read as one.
 */
export function buildSshArgv(tunnel: Tunnel, mode: ArgvMode): string[] {
	const managed = mode.kind === 'managed';
	// The minimal line shows keep-alives only when the profile asks for them: it is what a person types.
	const parts = tunnelArgvParts(managed ? {...tunnel, keepAlive: managedKeepAlive(tunnel)} : tunnel);
	return [
		managed ? mode.context.sshBinary : 'ssh',
		...configFileArgs(managed ? mode.context : mode),
		...(managed ? ['-E', mode.context.logFile] : []),
		...parts.flags,
		'-f', '-N',
		...parts.connection,
		...(managed ? managedOptions(tunnel, mode.context).flatMap(option => ['-o', option]) : []),
		...parts.settings,
		...parts.forwards,
		...(managed ? ['--'] : []),
		destination(tunnel),
	];
}

/**
 * A tunnel's own part of any ssh command line, in the order buildSshArgv writes it; other command
 * lines of the same tunnel (exports, test channels) are assembled from these, never cut out of one.
 */
export type TunnelArgvParts = {
	/** `-g` */
	readonly flags: readonly string[];
	/** `-p`, `-i`, `-J`: where and as whom to connect */
	readonly connection: readonly string[];
	/** keep-alives and the tunnel's own `-o`s; a caller's options go before them (ssh keeps the first value) */
	readonly settings: readonly string[];
	/** `-L`, `-R`, `-D`; none for a config tunnel, whose forwards ssh takes from its config */
	readonly forwards: readonly string[];
};

export function tunnelArgvParts(tunnel: Tunnel): TunnelArgvParts {
	const own = forwardsOnCommandLine(tunnel.source);
	return {
		flags: own && tunnel.gateway ? ['-g'] : [],
		connection: [
			...(tunnel.port === undefined ? [] : ['-p', String(tunnel.port)]),
			...(tunnel.identityFile === undefined ? [] : ['-i', tunnel.identityFile]),
			...(tunnel.jump.length === 0 ? [] : ['-J', tunnel.jump.join(',')]),
		],
		settings: [
			...(tunnel.keepAlive === undefined ? [] : ['-o', `ServerAliveInterval=${tunnel.keepAlive.interval}`, '-o', `ServerAliveCountMax=${tunnel.keepAlive.countMax}`]),
			...tunnel.options.flatMap(option => ['-o', `${option.keyword}=${option.value}`]),
		],
		forwards: own ? forwardsOf(tunnel).flatMap(entry => [forwardFlags[entry.kind], sshForwardSpec(entry)]) : [],
	};
}

const forwardFlags = {local: '-L', remote: '-R', dynamic: '-D'} as const;

/**
 * Whether the tunnel listens on a socket file here. ssh never removes such a file when it exits,
 * not even on `-O exit` (measured, OpenSSH 9.2), and binding over it fails with "Address already in
 * use": a tunnel started by the tool or a supervisor gets StreamLocalBindUnlink=yes so that a restart
 * replaces it. ssh also removes a regular file there, so `up` first makes sure the path is free or
 * a socket nobody listens on (core/holders.ts). The server's own sshd_config decides for `-R` paths.
 */
export function listensOnSocketFile(tunnel: Tunnel): boolean {
	return forwardsOf(tunnel).some(entry => entry.kind !== 'remote' && entry.forward.listen.kind === 'unix');
}

/**
 * ssh adds the config's LocalForward/RemoteForward (and GatewayPorts) for a host to the command
 * line's: a config tunnel's forwards given again as -L/-R would be bound twice and fail.
 */
function forwardsOnCommandLine(source: TunnelSource): boolean {
	switch (source.kind) {
		case 'profile': {
			return true;
		}

		case 'ssh-config': {
			return false;
		}
	}
}

/**
 * The keep-alive a managed line carries. A tunnel of the ssh config gets no default of ours: ssh keeps
 * the first value it reads, so a command-line default would silently beat its own ServerAlive* lines.
 */
function managedKeepAlive(tunnel: Tunnel): KeepAlive | undefined {
	switch (tunnel.source.kind) {
		case 'profile': {
			return keepAliveOf(tunnel);
		}

		case 'ssh-config': {
			return tunnel.keepAlive;
		}
	}
}

/** `-F file` when a config file is set. */
export function configFileArgs(context: {readonly sshConfigFile: string | undefined}): string[] {
	return context.sshConfigFile === undefined ? [] : ['-F', context.sshConfigFile];
}

/** `user@host`, or the bare host when ssh takes the user from its config. */
export function destination(tunnel: Pick<Tunnel, 'user' | 'host'>): string {
	return tunnel.user === undefined ? tunnel.host : `${tunnel.user}@${tunnel.host}`;
}

function managedOptions(tunnel: Tunnel, context: ManagedContext): string[] {
	const options = [
		'ExitOnForwardFailure=yes',
		'ControlMaster=yes',
		`ControlPath=${escapeControlPath(context.controlPath)}`,
		'ControlPersist=no',
	];
	if (listensOnSocketFile(tunnel)) {
		options.push('StreamLocalBindUnlink=yes');
	}

	if (context.batch) {
		options.push('BatchMode=yes');
	}

	if (!tunnel.options.some(option => option.keyword === 'ConnectTimeout')) {
		options.push(`ConnectTimeout=${defaultConnectTimeout}`);
	}

	return options;
}

/** What a client of a running master needs: its own errors come back on stderr, never into the tunnel's log. */
type ClientContext = Omit<ManagedContext, 'batch' | 'logFile'>;

/** `ssh -S SOCK -O exit|check -- dest`: a command to the running master of a tunnel. */
export function controlCommandArgv(destinationArgument: string, context: ClientContext, command: 'exit' | 'check'): string[] {
	return [...clientPrefix(context), '-O', command, '--', destinationArgument];
}

/**
 * `ssh -S SOCK -O forward -L … -- dest`: what a shared tunnel asks of its live master, as a person
 * would type it; `up` sends the same requests natively (mux/forward-wire.ts), byte for byte.
 */
export function forwardRequestArgv(tunnel: Tunnel, context: ClientContext): string[] {
	return [...clientPrefix(context), '-O', 'forward', ...tunnelArgvParts(tunnel).forwards, '--', destination(tunnel)];
}

/**
 * `ssh -v -S SOCK -W host:port -- dest`: one channel opened through the tunnel's own master, from the
 * server's side. `-v` because success shows only as a debug line (see proc/ssh.ts probeChannel).
 */
export function channelProbeArgv(destinationArgument: string, context: ClientContext, host: string, port: number): string[] {
	return [...clientPrefix(context), '-v', '-o', 'BatchMode=yes', '-W', formatHostPort(host, port), '--', destinationArgument];
}

// ControlMaster=no: a client must never become a master itself when the socket is gone.
function clientPrefix(context: ClientContext): string[] {
	return [context.sshBinary, ...configFileArgs(context), '-S', escapeControlPath(context.controlPath), '-o', 'ControlMaster=no'];
}

/** ssh expands `%` tokens in ControlPath (ssh_config(5) TOKENS); a literal `%` is written `%%`. */
function escapeControlPath(path: string): string {
	return path.replaceAll('%', '%%');
}
