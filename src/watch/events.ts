// What a watcher tells the world: events as they happen, and the state of each tunnel it keeps. Both
// are data, with causes rather than sentences (present/watch.ts says them, present/json/watch.ts writes `--json`, a UI renders them).
import type {RestartPolicy} from '../profile/types.js';
import type {SshFailure} from '../ssh/failure.js';
import type {Holder} from '../core/holders.js';
import type {KeeperKind} from '../store/lock.js';
import type {SocketFileRefusal} from '../core/socket-files.js';
import type {TunnelStaleReason} from '../tunnel/stale.js';
import type {StopRecord, TunnelStatus} from '../tunnel/status.js';

/** How a watcher keeps a tunnel: its profile's policy, or `always` for a `never` tunnel named on the command line. */
export type WatchPolicy = Exclude<RestartPolicy, 'never'>;

/** Why a watched tunnel was lost, or why a start of it failed. */
export type WatchFailure =
	/** its ssh is gone: it exited (its keep-alive gave up, the server closed the connection) or was killed */
	| {readonly kind: 'process-gone'; readonly pid: number}
	/** the server did not answer a probe through the tunnel's own master within `silentMs` */
	| {readonly kind: 'unresponsive'; readonly pid: number; readonly silentMs: number}
	| {readonly kind: 'stale'; readonly reason: TunnelStaleReason}
	/** ssh could not start it, in its own words: the server still holds a remote port, refused the connection, … */
	| {readonly kind: 'ssh-failed'; readonly failure: SshFailure}
	| {readonly kind: 'port-taken'; readonly taken: readonly WatchTaken[]}
	/** a socket file it would listen on cannot be used (its directory, or a file in the way) */
	| {readonly kind: 'socket-file'; readonly refusals: readonly SocketFileRefusal[]}
	/** ssh started, but the tunnel did not come up as asked (what it started was stopped): `found` is what was seen instead */
	| {readonly kind: 'unverified'; readonly found: FoundInstead}
	/** another `tunnels up` of it did not finish in time */
	| {readonly kind: 'busy'; readonly pid: number};

/** A TCP port on an address, or a socket path, that someone else listens on. */
export type WatchTaken =
	| {readonly port: number; readonly address: string; readonly holder: Holder}
	| {readonly path: string; readonly holder: Holder};

/** What a start found instead of a tunnel up: the kind of its status, and why when stale. */
export type FoundInstead =
	| {readonly kind: 'stale'; readonly reason: TunnelStaleReason}
	| {readonly kind: Exclude<TunnelStatus['kind'], 'stale'>};

export type WatchEvent =
	| {readonly kind: 'watching'; readonly at: Date; readonly name: string; readonly policy: WatchPolicy}
	/** seen up without this watcher starting it: up when the watcher began, or started by someone else */
	| {readonly kind: 'adopted'; readonly at: Date; readonly name: string; readonly pid: number}
	/** started without a loss before it (`restart: always`, found down) */
	| {readonly kind: 'started'; readonly at: Date; readonly name: string; readonly pid: number; readonly attempt: number}
	| {readonly kind: 'restarted'; readonly at: Date; readonly name: string; readonly pid: number; readonly attempt: number; readonly after: WatchFailure}
	| {readonly kind: 'lost'; readonly at: Date; readonly name: string; readonly failure: WatchFailure}
	| {readonly kind: 'start-failed'; readonly at: Date; readonly name: string; readonly attempt: number; readonly failure: WatchFailure; readonly nextAt: Date}
	/** a person stopped it: left down until `tunnels up` */
	| {readonly kind: 'stopped'; readonly at: Date; readonly name: string; readonly stop: StopRecord}
	/** `restart: on-failure` and down without having failed: left down until someone starts it */
	| {readonly kind: 'idle'; readonly at: Date; readonly name: string}
	/** a failure retrying will not heal: no more starts until a person runs `tunnels up` or the tunnel is edited */
	| {readonly kind: 'gave-up'; readonly at: Date; readonly name: string; readonly failure: WatchFailure}
	/** another watcher keeps it; this one takes over if that one ends */
	| {readonly kind: 'elsewhere'; readonly at: Date; readonly name: string; readonly pid: number; readonly keeper?: KeeperKind}
	| {readonly kind: 'woke'; readonly at: Date; readonly sleptMs: number}
	| {readonly kind: 'network'; readonly at: Date; readonly ready: boolean; readonly waitedMs: number}
	/** the profile file changed: the tunnels it now keeps, lets go of (gone, or `restart: never`) and restarts with a new command line */
	| {readonly kind: 'reloaded'; readonly at: Date; readonly added: readonly string[]; readonly removed: readonly string[]; readonly released: readonly string[]; readonly changed: readonly string[]}
	/** an edit of the profile file that does not read: the tunnels kept before are kept as they run */
	| {readonly kind: 'profile-refused'; readonly at: Date; readonly file: string; readonly message: string; readonly detail: string | undefined}
	/** no longer watched; `stopped`: the master this watcher had started, stopped because its tunnel left the profile */
	| {readonly kind: 'unwatched'; readonly at: Date; readonly name: string; readonly why: 'removed' | 'not-kept'; readonly stopped: readonly number[]}
	/** taken down as the watcher ended (--down-on-exit) */
	| {readonly kind: 'taken-down'; readonly at: Date; readonly name: string; readonly stopped: readonly number[]; readonly failed: readonly number[]};

/** Where a watched tunnel stands, for a view: `reconnecting (attempt 3, next in 8 s)`. */
export type WatchPhaseState =
	/** not looked at yet */
	| {readonly kind: 'pending'}
	| {readonly kind: 'up'; readonly pid: number; readonly since: Date}
	| {readonly kind: 'starting'; readonly attempt: number}
	| {readonly kind: 'reconnecting'; readonly attempt: number; readonly nextAt: Date}
	| {readonly kind: 'idle'}
	| {readonly kind: 'stopped'; readonly stop: StopRecord}
	| {readonly kind: 'elsewhere'; readonly pid: number; readonly keeper?: KeeperKind}
	| {readonly kind: 'needs-you'; readonly failure: WatchFailure};

export type WatchState = WatchPhaseState & {
	readonly name: string;
	readonly policy: WatchPolicy;
	/** restarts after a loss since the watcher began */
	readonly restarts: number;
	readonly lastFailure: WatchFailure | undefined;
};
