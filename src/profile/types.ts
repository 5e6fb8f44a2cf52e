/** A forward listens on a TCP port (`[bind:]port`) or on a Unix socket file (`/path`). */
export type TcpListen = {
	readonly kind: 'tcp';
	/** Listen address as written (`127.0.0.1`, `::1`, `localhost`, `*`); undefined lets ssh choose (loopback unless `-g`). */
	readonly bind: string | undefined;
	readonly port: number;
};

/** A Unix-domain socket file, as an absolute path written literally (argv.ts escapes ssh's `%` tokens). */
export type SocketPath = {
	readonly kind: 'unix';
	readonly path: string;
};

export type Listen = TcpListen | SocketPath;

/** Where a forward's connections go: a host and port, or a Unix socket, as seen from the other end. */
export type TcpTarget = {
	readonly kind: 'tcp';
	readonly host: string;
	readonly port: number;
};

export type Target = TcpTarget | SocketPath;

/**
 * A `-L` or `-R` forward as ssh writes it: `[bind:]port:host:hostPort`, or with a socket path on
 * either end (`/tmp/docker.sock:/var/run/docker.sock`, `2375:/var/run/docker.sock`).
 */
export type Forward = {
	readonly listen: Listen;
	readonly target: Target;
};

/** The target of a SOCKS proxy: whatever each client asks for. */
export type SocksTarget = {readonly kind: 'socks'};

/**
 * A `-R` forward: to a target, or a reverse SOCKS proxy (`-R [bind:]port`, OpenSSH 7.6+), which
 * listens on the server and connects from this side. ssh takes `-R /path` too but its SOCKS then
 * fails every connection (measured, OpenSSH 9.2), so a reverse SOCKS proxy listens on a TCP port only.
 */
export type RemoteForward = Forward | {readonly listen: TcpListen; readonly target: SocksTarget};

/** A `-D` forward: a SOCKS proxy listening here (`[bind:]port`, or a socket path), connecting from the server. */
export type DynamicForward = {readonly listen: Listen};

/** One of a tunnel's forwards with its kind: `forwardsOf` lists them in the order argv.ts writes them. */
export type TunnelForward =
	| {readonly kind: 'local'; readonly forward: Forward}
	| {readonly kind: 'remote'; readonly forward: RemoteForward}
	| {readonly kind: 'dynamic'; readonly forward: DynamicForward};

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
	/** `-L` */
	readonly local: readonly Forward[];
	/** `-R` */
	readonly remote: readonly RemoteForward[];
	/** `-D`: SOCKS proxies */
	readonly dynamic: readonly DynamicForward[];
	/** where `tunnels check` asks the SOCKS proxies to connect; by default the ssh server's own address */
	readonly probe: TcpTarget | undefined;
	/** `-g`: local and dynamic forwards listen on every address */
	readonly gateway: boolean;
	/**
	 * `share: true`: the tunnel rides one master per connection identity (tunnel/share.ts), its
	 * forwards added through the mux; absent means a connection of its own.
	 */
	readonly share?: boolean;
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
