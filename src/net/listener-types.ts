// What a listening socket is to this tool, shared by the /proc reader (listeners.ts) and lsof's (lsof.ts).

/** A listening TCP socket. */
export type TcpListener = {
	readonly kind: 'tcp';
	/** '127.0.0.1', '0.0.0.0', '::1', '::': IPv6 without brackets, lowercase, compressed (RFC 5952); IPv4-mapped as '::ffff:127.0.0.1' */
	readonly address: string;
	readonly port: number;
	readonly family: 4 | 6;
	/** socket inode: the N of the `socket:[N]` links in /proc/PID/fd */
	readonly inode: number;
	/** PIDs that hold this socket open; empty when the owner is not visible or was not searched */
	readonly pids: readonly number[];
};

/** A listening Unix stream socket bound to a path in the file system (abstract and unnamed ones are left out). */
export type UnixListener = {
	readonly kind: 'unix';
	/** the path it was bound to; the file may since have been removed or replaced */
	readonly path: string;
	readonly inode: number;
	readonly pids: readonly number[];
};

export type Listener = TcpListener | UnixListener;

/** A listener as /proc/net/tcp shows it, before its owners are looked up. */
export type ListeningSocket = Omit<TcpListener, 'pids'>;

/** A listener as /proc/net/unix shows it, before its owners are looked up. */
export type ListeningUnixSocket = Omit<UnixListener, 'pids'>;

export type ListListenersOptions = {
	/** Look for owners only among these PIDs (cheap); without it every process in /proc is scanned. An empty list finds no owners. */
	readonly ownersAmong?: readonly number[];
};
