/** A port forward as ssh writes it: `[bind:]port:host:hostPort`. */
export type Forward = {
	/** Listen address as written (`127.0.0.1`, `::1`, `localhost`, `*`); undefined lets ssh choose (loopback unless `-g`). */
	readonly bind: string | undefined;
	readonly port: number;
	readonly host: string;
	readonly hostPort: number;
};

export type ForwardKind = 'local' | 'remote';

export type KeepAlive = {
	/** ServerAliveInterval, seconds */
	readonly interval: number;
	/** ServerAliveCountMax */
	readonly countMax: number;
};

/**
 * Whether `tunnels watch` keeps the tunnel up: `always` (start it, and restart it after any loss),
 * `on-failure` (restart it after it failed, once it has been up), `never` (leave it alone).
 */
export type RestartPolicy = 'always' | 'on-failure' | 'never';

export const restartPolicies: readonly RestartPolicy[] = ['always', 'on-failure', 'never'];

/** An extra ssh_config keyword passed as `-o Keyword=value`, keyword in OpenSSH's canonical spelling. */
export type SshOption = {
	readonly keyword: string;
	readonly value: string;
};

/**
 * Where a tunnel is defined. A tunnel of the user's ssh config (LocalForward/RemoteForward in a Host
 * block) is read-only, named `ssh:ALIAS`, and its forwards are what `ssh -G ALIAS` reports: ssh
 * adds them from the config itself whenever it connects to ALIAS.
 */
export type TunnelSource =
	| {readonly kind: 'profile'}
	| {readonly kind: 'ssh-config'; readonly file: string; readonly line: number; readonly route: string};

/** A validated tunnel: everything after the profile boundary takes this type. */
export type Tunnel = {
	readonly name: string;
	readonly source: TunnelSource;
	readonly description: string | undefined;
	/** ssh destination: an address or a ~/.ssh/config alias */
	readonly host: string;
	readonly user: string | undefined;
	readonly port: number | undefined;
	readonly identityFile: string | undefined;
	/** ProxyJump hops, in order */
	readonly jump: readonly string[];
	readonly local: readonly Forward[];
	readonly remote: readonly Forward[];
	/** `-g`: local forwards listen on every address */
	readonly gateway: boolean;
	readonly keepAlive: KeepAlive | undefined;
	readonly restart: RestartPolicy;
	readonly options: readonly SshOption[];
};

/** Top-level settings of a profile file; each may be overridden by the environment or a global option. */
export type ProfileSettings = {
	/** the ssh binary to run */
	readonly ssh: string | undefined;
	/** the ssh config file passed as `-F` */
	readonly sshConfig: string | undefined;
};

export type Profile = {
	readonly file: string;
	readonly settings: ProfileSettings;
	readonly tunnels: readonly Tunnel[];
};
