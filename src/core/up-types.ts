// What `up` takes and returns (core/up.ts, and the shared start in core/up-shared.ts).
import type {PromptRoute} from '../proc/ssh.js';
import type {RemoteForward, TcpListen} from '../profile/types.js';
import type {SshFailure} from '../ssh/failure.js';
import type {BoundForward, StopRecord, TunnelStatus} from '../tunnel/status.js';
import type {TunnelTarget} from '../tunnel/target.js';
import type {Needs} from './deps.js';
import type {ReleaseDeps} from './down.js';
import type {HolderDeps, TakenAddress} from './holders.js';
import type {ObserveDeps, Snapshot} from './observe.js';
import type {RemoteBinding} from './remote-binding.js';
import type {SocketFileRefusal} from './socket-files.js';

export type UpOptions = {
	/** who answers ssh's questions; with none, BatchMode is on */
	readonly prompt: PromptRoute;
	/** every tunnel of the profile, to name the tunnel that holds a taken port */
	readonly targets: readonly TunnelTarget[];
	/**
	 * A person's `up`: forgets their earlier stop (`tunnels down`), so that watchers keep the tunnel
	 * up again. A watcher's own starts never do: they must not undo a stop made meanwhile.
	 */
	readonly clearsStop: boolean;
	/** what the command saw before its starts (`up --all`): each start looks again only when it shows something of its tunnel */
	readonly snapshot?: Snapshot;
};

/** For each remote forward that asked for more than loopback: what the server really bound. */
export type RemoteBindingOf = {readonly forward: RemoteForward & {readonly listen: TcpListen}; readonly binding: RemoteBinding};

export type UpResult =
	| {readonly kind: 'started'; readonly pid: number; readonly forwards: readonly BoundForward[]; readonly elapsedMs: number; readonly remoteBindings: readonly RemoteBindingOf[]}
	| {readonly kind: 'already-up'; readonly pid: number; readonly forwards: readonly BoundForward[]}
	| {readonly kind: 'port-taken'; readonly taken: readonly TakenAddress[]}
	/** a socket file this tunnel would listen on cannot be used; nothing was started */
	| {readonly kind: 'socket-file'; readonly refusals: readonly SocketFileRefusal[]}
	| {readonly kind: 'failed'; readonly failure: SshFailure; readonly stderr: string}
	/** a stale tunnel is in the way: it must be stopped first */
	| {readonly kind: 'stale'; readonly status: Extract<TunnelStatus, {kind: 'stale'}>}
	/** ssh said it started, but the tunnel is not what it must be; what it started was stopped */
	| {readonly kind: 'unverified'; readonly status: TunnelStatus}
	/** another `up` of this tunnel did not finish in time */
	| {readonly kind: 'busy'; readonly pid: number}
	/** a person stopped the tunnel (`down`, `kill NAME`) while this start ran: it undid itself, nothing runs */
	| {readonly kind: 'stopped'; readonly stop: StopRecord};

/** A start: look first, find who holds a taken port, run ssh, wait for it to settle, clean up a failure. */
export type UpDeps = ObserveDeps & HolderDeps & ReleaseDeps
	& Needs<'runSsh' | 'requestForwards' | 'serverPeerOf' | 'probeChannel' | 'monotonic' | 'sleep' | 'inspectSocketFile', 'ensureDirectory' | 'clearStopped' | 'readStopped' | 'tryLock' | 'removeSocket' | 'writeFailure' | 'clearFailure' | 'writeCarrier' | 'beginLog' | 'readLogSince' | 'directory'>;

