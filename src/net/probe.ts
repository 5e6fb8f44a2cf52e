import {connect, type Socket} from 'node:net';

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
	// Nothing is ever written, so no data of the probed service is read or disturbed.
	return connectSettled<ConnectResult>(where, timeoutMs, {kind: 'timeout'}, (socket, settle) => {
		socket.once('connect', () => settle({kind: 'open'}));
		socket.once('error', (error: NodeJS.ErrnoException) => {
			const code = error.code ?? 'UNKNOWN';
			if (code === 'ECONNREFUSED') settle({kind: 'refused'});
			// The kernel's own connect timeout (minutes) can only win with a very large bound.
			else if (code === 'ETIMEDOUT') settle({kind: 'timeout'});
			else settle({kind: 'error', code});
		});
	});
}

/**
 * A connection that settles once, bounded by `timeoutMs` (then `timedOut`): the first result wins,
 * and its timer, its listeners and the socket go with it. `talk` sets up the exchange.
 */
export async function connectSettled<T>(where: {readonly host: string; readonly port: number} | {readonly path: string}, timeoutMs: number, timedOut: T, talk: (socket: Socket, settle: (result: T) => void) => void): Promise<T> {
	return new Promise(resolve => {
		const socket = connect(where);
		const settle = (result: T): void => {
			clearTimeout(timer);
			socket.removeAllListeners();
			// Keep a listener: a late error on a destroyed socket must not become an uncaught one.
			socket.on('error', () => {});
			socket.destroy();
			resolve(result);
		};

		const timer = setTimeout(() => settle(timedOut), timeoutMs);
		talk(socket, settle);
	});
}
