/** Bounds on every wait, in one place. */
export const timeouts = {
	/** one lookup of a forward's bind name (getaddrinfo: /etc/hosts, DNS) */
	bindLookupMs: 2000,
	/** one mux alive check */
	masterCheckMs: 1000,
	/** ssh -O exit */
	controlCommandMs: 5000,
	/** a non-interactive `ssh -f -N` start: connect, authenticate, bind */
	startMs: 30_000,
	/** the same from a terminal, where ssh may wait for a person at a prompt */
	interactiveStartMs: 300_000,
	/** a -W channel probe through the master, and the longest a watcher waits for a server's answer */
	probeMs: 5000,
	/** server probes at once (native mux requests, no process each) */
	probeConcurrency: 16,
	/** how many tunnels one command starts or stops at once */
	tunnelConcurrency: 4,
	/** how many `ssh -G` run at once to find the ssh config's tunnels */
	configConcurrency: 8,
	/** one forward opened or closed on a live master (a remote one waits for the server's answer) */
	forwardRequestMs: 10_000,
	/** after `ssh -f` returns, until the master answers and its listeners show */
	settleMs: 3000,
	/** after `-O exit`, before signals */
	exitGraceMs: 2000,
	/** the longest a writer of the profile file waits for another's lock (each holds it for milliseconds) */
	profileLockMs: 10_000,
} as const;
