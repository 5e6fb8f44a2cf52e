import {connect} from 'node:net';

export type ConnectResult =
	| {readonly kind: 'open'}
	| {readonly kind: 'refused'}
	/** no answer within the bound: a filtered port, a full accept queue, a frozen peer */
	| {readonly kind: 'timeout'}
	/** any other failure, with Node's error code (EHOSTUNREACH, ENOTFOUND, EADDRNOTAVAIL, ...) */
	| {readonly kind: 'error'; readonly code: string};

/**
 * Opens a TCP connection to host:port and closes it at once, bounded by timeoutMs (name lookup
 * included). Network failures are values; only a port outside 0-65535 throws (a bug upstream).
 * Probe each address a name stands for separately: `localhost` may mean both 127.0.0.1 and ::1,
 * and Node would stop at the first that answers.
 */
export async function canConnect(host: string, port: number, timeoutMs: number): Promise<ConnectResult> {
	return connectOnce({host, port}, timeoutMs);
}

/** The same for a Unix socket file: `refused` when nothing listens on it (a stale file), ENOENT when there is none. */
export async function canConnectSocket(path: string, timeoutMs: number): Promise<ConnectResult> {
	return connectOnce({path}, timeoutMs);
}

async function connectOnce(where: {readonly host: string; readonly port: number} | {readonly path: string}, timeoutMs: number): Promise<ConnectResult> {
	return new Promise(resolve => {
		// Nothing is ever written, so no data of the probed service is read or disturbed.
		const socket = connect(where);
		const finish = (result: ConnectResult): void => {
			clearTimeout(timer);
			socket.removeAllListeners();
			// Keep a listener: a late error on a destroyed socket must not become an uncaught one.
			socket.on('error', () => {});
			socket.destroy();
			resolve(result);
		};
		const timer = setTimeout(() => finish({kind: 'timeout'}), timeoutMs);
		socket.once('connect', () => finish({kind: 'open'}));
		socket.once('error', (error: NodeJS.ErrnoException) => {
			const code = error.code ?? 'UNKNOWN';
			if (code === 'ECONNREFUSED') finish({kind: 'refused'});
			// The kernel's own connect timeout (minutes) can only win with a very large bound.
			else if (code === 'ETIMEDOUT') finish({kind: 'timeout'});
			else finish({kind: 'error', code});
		});
	});
}
