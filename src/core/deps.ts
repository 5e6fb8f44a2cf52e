import type {Listener, ListListenersOptions} from '../net/listeners.js';
import type {MasterCheck} from '../mux/client.js';
import type {ServerProbe} from '../mux/server-probe.js';
import type {AskForward} from '../mux/forwards.js';
import type {BindProbe} from '../net/bind-probe.js';
import type {ConnectResult} from '../net/probe.js';
import type {SocketFileState} from '../net/socket-file.js';
import type {SocksProbe, SocksProxy} from '../net/socks.js';
import type {ObserverFacts} from '../proc/backend.js';
import type {ProcessInfo} from '../proc/types.js';
import type {TerminateOutcome} from '../proc/signal.js';
import type {ChannelProbe, SshRun, SshRunOptions} from '../proc/ssh.js';
import type {FileAccess} from '../store/file-access.js';
import type {Keeper, KeeperKind, Lock} from '../store/lock.js';
import type {RecordsPresent} from '../store/runtime.js';
import type {BindLookup} from '../tunnel/bind.js';
import type {ConfigRead} from '../ssh-config/candidates.js';
import type {CarrierRecord, FailureRecord, StopRecord} from '../tunnel/status.js';

/**
 * Every effect the use cases need, built once per command (core/system.ts builds the real ones,
 * test/support/fake-deps.ts fakes them). Each use case takes only what it uses: see `Needs`.
 */
export type Deps = {
	readonly uid: number;
	readonly now: () => Date;
	/** processes whose program is ssh (zombies included, so they can be seen as dead) */
	readonly listSshProcesses: () => Promise<ProcessInfo[]>;
	readonly readProcess: (pid: number) => Promise<ProcessInfo | undefined>;
	readonly listListeners: (options?: ListListenersOptions) => Promise<Listener[]>;
	/** how processes and listeners are read here (/proc, or ps and lsof), and whether lsof is there */
	readonly observer: () => Promise<ObserverFacts>;
	/** a local forward's bind name resolved as ssh resolves it (getaddrinfo), bounded */
	readonly lookupBind: (name: string) => Promise<BindLookup>;
	/** the far end of an ssh client's connection to its server */
	readonly serverPeerOf: (pid: number) => Promise<{readonly address: string; readonly port: number} | undefined>;
	readonly checkMaster: (socketPath: string, timeoutMs: number) => Promise<MasterCheck>;
	readonly runSsh: (argv: readonly string[], options: SshRunOptions) => Promise<SshRun>;
	readonly probeChannel: (argv: readonly string[], timeoutMs: number) => Promise<ChannelProbe>;
	readonly probeServer: (socketPath: string, timeoutMs: number) => Promise<ServerProbe>;
	/** opens and closes forwards on the live master behind a control socket (MUX_C_OPEN_FWD/CLOSE_FWD), asked one after another on one connection inside `use` */
	readonly requestForwards: <T>(socketPath: string, timeoutMs: number, use: (ask: AskForward) => Promise<T>) => Promise<T>;
	/** a short ssh that only prints (`ssh -G`): runSsh with nobody to ask */
	readonly querySsh: (argv: readonly string[], timeoutMs: number) => Promise<SshRun>;
	/** the ssh config file ssh reads (`-F`'s, else ~/.ssh/config) with its Includes; undefined without one */
	readonly readSshConfig: (sshConfigFile: string | undefined) => Promise<ConfigRead>;
	/** whether ssh can read a file it is given (-F, -i) */
	readonly fileAccess: (file: string) => Promise<FileAccess>;
	/** calls onExit once when the master on this socket exits; returns how to stop listening */
	readonly onMasterExit: (socketPath: string, onExit: () => void) => () => void;
	readonly terminate: (seen: ProcessInfo, options?: {readonly graceMs?: number}) => Promise<TerminateOutcome>;
	readonly waitGone: (seen: ProcessInfo, timeoutMs: number) => Promise<boolean>;
	/** a monotonic clock in milliseconds, for deadlines */
	readonly monotonic: () => number;
	/** resolves after `ms`, or at once when `signal` aborts */
	readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
	/** a TCP connect with a bound: does anything answer there? */
	readonly canConnect: (host: string, port: number, timeoutMs: number) => Promise<ConnectResult>;
	/** whether ssh could bind a local forward's address and port now: a bind and listen, closed at once */
	readonly probeBind: (address: string, port: number) => Promise<BindProbe>;
	/** the same for a Unix socket file */
	readonly canConnectSocket: (path: string, timeoutMs: number) => Promise<ConnectResult>;
	/** a SOCKS5 handshake and CONNECT through a proxy: does the proxy reach host:port? */
	readonly socksProbe: (proxy: SocksProxy, target: {readonly host: string; readonly port: number}, timeoutMs: number) => Promise<SocksProbe>;
	/** what is at a path where a forward will listen on a socket file, and its directory */
	readonly inspectSocketFile: (path: string) => Promise<SocketFileState>;
	/** the uid owning the socket at a path (not followed), undefined when no socket is there */
	readonly socketOwner: (path: string) => Promise<number | undefined>;
	/** the profile's runtime directory: its control sockets, locks and hint records */
	readonly runtime: {
		/** the directory itself: a socket in it is ours */
		readonly directory: string;
		readonly ensureDirectory: () => Promise<void>;
		/** the directory and its base are ours alone, as far as they exist; makes nothing */
		readonly checkDirectory: () => Promise<void>;
		readonly removeSocket: (socketPath: string) => Promise<boolean>;
		readonly listSockets: () => Promise<string[]>;
		/** the names of everything in the directory itself (control sockets), from one listing; undefined when it cannot be listed */
		readonly listEntries: () => Promise<ReadonlySet<string> | undefined>;
		/** which tunnels have which records (failure, carrier, locks), from one listing: a look reads only those */
		readonly recordsPresent: () => Promise<RecordsPresent>;
		readonly readFailure: (name: string) => Promise<FailureRecord | undefined>;
		readonly writeFailure: (name: string, record: FailureRecord) => Promise<void>;
		readonly clearFailure: (name: string) => Promise<void>;
		readonly readCarrier: (name: string) => Promise<CarrierRecord | undefined>;
		readonly writeCarrier: (name: string, record: CarrierRecord) => Promise<void>;
		readonly clearCarrier: (name: string) => Promise<void>;
		readonly readStopped: (name: string) => Promise<StopRecord | undefined>;
		readonly writeStopped: (name: string, record: StopRecord) => Promise<void>;
		readonly clearStopped: (name: string) => Promise<void>;
		/** the PID of a live `up` that holds a tunnel's start lock (this process included), or undefined; takes nothing */
		readonly startHolder: (name: string) => Promise<number | undefined>;
		/** the start lock of a tunnel */
		readonly tryLock: (name: string) => Promise<Lock>;
		/** the watch lock of a tunnel, held by its one watcher, which says what kind of keeper it is */
		readonly tryWatchLock: (name: string, keeper: KeeperKind) => Promise<Lock>;
		/** who holds a tunnel's watch lock, if a live keeper does; takes nothing */
		readonly watchKeeper: (name: string) => Promise<Keeper | undefined>;
		/** before a start: rotates the tunnel's log if over its bound, appends a line of ours (logs/record.ts); where ssh's new lines begin */
		readonly beginLog: (name: string, line: string) => Promise<number>;
		/** what the log holds from an offset on: ssh's words about a failed start */
		readonly readLogSince: (name: string, offset: number) => Promise<string>;
		/** a keeper's line (logs/record.ts) in the tunnel's log */
		readonly appendLog: (name: string, line: string) => Promise<void>;
		/** moves the tunnel's log aside when over its bound: a keeper's check on a master that writes on its own */
		readonly boundLog: (name: string) => Promise<void>;
	};
};

export type RuntimeFiles = Deps['runtime'];

/** The part of Deps a use case needs: some effects, and some of the runtime directory's. */
export type Needs<K extends Exclude<keyof Deps, 'runtime'>, R extends keyof RuntimeFiles = never> =
	Pick<Deps, K> & {readonly runtime: Pick<RuntimeFiles, R>};
