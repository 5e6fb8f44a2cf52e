// The one definition of stale (the design's "Stale, defined"): what `ls` shows, what `up` refuses to
// start over, what a watcher loses, and what `prune` kills or leaves, all say one of these.

/** Why a tunnel, one of its processes or a control socket is stale. */
export type StaleReason =
	| 'no-listener' // runs, but does not hold every listener it asked for
	| 'socket-refused' // the control socket file is there, its master is gone
	| 'no-control-socket' // a master runs without its socket: nothing can manage it
	| 'master-unresponsive' // the master does not answer on its socket (stopped, or hung)
	| 'unverified-master' // something answers on the socket that is not this tunnel's ssh
	| 'duplicate' // more than one master for one tunnel
	| 'orphan' // started by tunnels for a tunnel no longer in the profile
	| 'unresponsive'; // the master answers, the server behind it does not

/**
 * The reasons a tunnel's status carries: what one look at the processes, the listeners and the
 * socket tells. An orphan has no tunnel to carry it; the server's silence takes a probe (prune, watch).
 */
export type TunnelStaleReason = Exclude<StaleReason, 'orphan' | 'unresponsive'>;
