// What `tunnels check` finds, step by step, as data: what each step looked at and why it passed,
// failed or was skipped. present/check.ts says it.
import type {ProcessState} from '../proc/types.js';
import type {SocksProxy} from '../net/socks.js';
import type {SshFailure} from '../ssh/failure.js';
import type {Holder} from './holders.js';
import type {RemoteBinding} from './remote-binding.js';

/** What a step looks at. */
export type CheckSubject =
	/** where ssh really connects, as `ssh -G` resolves the tunnel's host */
	| {readonly kind: 'destination'; readonly host: string}
	| {readonly kind: 'process'}
	| {readonly kind: 'control-socket'; readonly path: string}
	/** a local forward's listening addresses */
	| {readonly kind: 'listener'; readonly addresses: readonly string[]; readonly port: number}
	/** a forward's target, reached from the server (a local forward) or from here (a remote one) */
	| {readonly kind: 'target'; readonly host: string; readonly port: number; readonly from: 'server' | 'here'}
	/** a remote forward's port, on the server */
	| {readonly kind: 'server-port'; readonly host: string; readonly port: number}
	/** where the server bound a remote forward that asked for more than loopback */
	| {readonly kind: 'server-binding'; readonly bind: string; readonly port: number}
	/** a socket file a local or dynamic forward listens on */
	| {readonly kind: 'socket-listener'; readonly path: string}
	/** a socket path a forward connects to, on the server (a local forward) or here (a remote one) */
	| {readonly kind: 'target-socket'; readonly path: string; readonly from: 'server' | 'here'}
	/** the socket path a remote forward listens on, on the server */
	| {readonly kind: 'server-socket'; readonly path: string}
	/** a SOCKS proxy here, asked to connect to `to` from the server (undefined: nowhere known to ask) */
	| {readonly kind: 'socks'; readonly proxy: SocksProxy; readonly to: {readonly host: string; readonly port: number} | undefined};

/** Why a step came out as it did. */
export type CheckCause =
	// The destination.
	| {readonly kind: 'config-unreadable'; readonly stderr: string; readonly exitCode: number}
	| {readonly kind: 'destination'; readonly destination: string}
	/** the user's ssh config adds forwards for a profile tunnel's host */
	| {readonly kind: 'config-adds-forwards'; readonly destination: string; readonly forwards: readonly string[]}
	/** a tunnel of the ssh config: its forwards are the ssh config's */
	| {readonly kind: 'config-tunnel'; readonly destination: string; readonly file: string; readonly line: number}
	// The process.
	| {readonly kind: 'no-process'; readonly name: string}
	| {readonly kind: 'several-processes'; readonly name: string; readonly pids: readonly number[]}
	| {readonly kind: 'process-stopped'; readonly pid: number}
	| {readonly kind: 'process-runs'; readonly pid: number; readonly state: ProcessState}
	// The control socket.
	| {readonly kind: 'master-answers'; readonly pid: number}
	| {readonly kind: 'master-not-ours'; readonly pid: number}
	| {readonly kind: 'socket-refused'}
	| {readonly kind: 'master-silent'; readonly withinMs: number}
	| {readonly kind: 'socket-missing'}
	| {readonly kind: 'not-a-master'; readonly detail: string}
	// A listener; `holdsOnly`: the addresses this tunnel does hold.
	| {readonly kind: 'bound'; readonly addresses: readonly string[]; readonly pids: readonly number[]}
	| {readonly kind: 'held-by'; readonly holder: Holder; readonly holdsOnly: readonly string[]}
	| {readonly kind: 'not-bound'; readonly holdsOnly: readonly string[]}
	// A channel through the master.
	| {readonly kind: 'needs-master'}
	| {readonly kind: 'target-answers'}
	| {readonly kind: 'server-accepts'}
	| {readonly kind: 'no-answer'; readonly host: string; readonly port: number; readonly withinMs: number}
	/** the server could not connect: the target refuses, or forwarding is not allowed; `said` is ssh's last line */
	| {readonly kind: 'target-refused'; readonly said: string}
	| {readonly kind: 'ssh-failed'; readonly failure: SshFailure}
	/** a failure ssh's words do not classify: its last line */
	| {readonly kind: 'ssh-said'; readonly line: string}
	| {readonly kind: 'binding'; readonly binding: RemoteBinding; readonly port: number}
	// A SOCKS proxy; `to` names where it was asked to connect, `chosen` says who chose it.
	| {readonly kind: 'socks-connected'; readonly chosen: SocksProbeTarget}
	/** ssh closed the connection without a reply: the server could not connect there */
	| {readonly kind: 'socks-closed'; readonly chosen: SocksProbeTarget}
	| {readonly kind: 'socks-error-reply'; readonly code: number}
	| {readonly kind: 'not-socks'; readonly received: string}
	/** ssh opens channels to host:port only (-W): a socket path on the server is not tested */
	| {readonly kind: 'socket-on-server'}
	/** ssh -G failed and the profile names no `probe:`: nowhere to ask the proxy to connect */
	| {readonly kind: 'no-socks-target'}
	// A remote forward's target, from here.
	| {readonly kind: 'answers-here'}
	| {readonly kind: 'not-open-here'; readonly result: 'refused' | 'timeout'}
	| {readonly kind: 'cannot-connect'; readonly code: string};

/** Where a SOCKS check connects: the profile's `probe`, or the ssh server's own address (from ssh -G). */
export type SocksProbeTarget = 'profile' | 'server-itself';

export type StepResult = {readonly kind: 'pass' | 'fail' | 'skip'; readonly cause: CheckCause};

export type CheckStep = {
	readonly subject: CheckSubject;
	readonly result: StepResult;
};
