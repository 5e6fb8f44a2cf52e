import {connectSettled} from './probe.js';

/** What a SOCKS5 proxy did with a CONNECT request. */
export type SocksProbe =
	/** it answered the CONNECT with success: ssh replies only once the server opened the channel (measured, OpenSSH 9.2) */
	| {readonly kind: 'connected'}
	/** it closed the connection without a reply: how ssh says the server could not connect */
	| {readonly kind: 'closed'}
	/** a SOCKS5 error reply (RFC 1928 section 6), e.g. 5 connection refused */
	| {readonly kind: 'failed-reply'; readonly code: number}
	/** what listens there does not speak SOCKS5 without authentication */
	| {readonly kind: 'not-socks'; readonly received: string}
	| {readonly kind: 'timeout'}
	/** the proxy itself could not be reached: ECONNREFUSED, ENOENT, … */
	| {readonly kind: 'connect-error'; readonly code: string};

export type SocksProxy = {readonly host: string; readonly port: number} | {readonly path: string};

const version = 5;
const noAuthentication = 0;
const connectCommand = 1;
const domainName = 3;

/**
 * A SOCKS5 handshake (RFC 1928: no authentication, then CONNECT to `host:port` by name, which the
 * proxy resolves: with ssh, on the server) and nothing more: the connection is closed as soon as
 * the reply's first two bytes say how it went. Bounded by `timeoutMs` from start to end.
 */
export async function socksProbe(proxy: SocksProxy, target: {readonly host: string; readonly port: number}, timeoutMs: number): Promise<SocksProbe> {
	const name = Buffer.from(target.host, 'utf8');
	if (name.length > 255 || target.port < 1 || target.port > 65_535) {
		throw new RangeError(`not a SOCKS target: ${target.host}:${target.port}`);
	}

	return connectSettled<SocksProbe>(proxy, timeoutMs, {kind: 'timeout'}, (socket, finish) => {
		let received = Buffer.alloc(0);
		let stage: 'greeting' | 'reply' = 'greeting';
		socket.once('connect', () => socket.write(Buffer.from([version, 1, noAuthentication])));
		socket.on('data', (chunk: Buffer) => {
			received = Buffer.concat([received, chunk]);
			if (received.length < 2) {
				return;
			}

			if (received[0] !== version || (stage === 'greeting' && received[1] !== noAuthentication)) {
				finish({kind: 'not-socks', received: received.subarray(0, 16).toString('hex')});
				return;
			}

			if (stage === 'greeting') {
				stage = 'reply';
				received = received.subarray(2);
				const port = Buffer.alloc(2);
				port.writeUInt16BE(target.port);
				socket.write(Buffer.concat([Buffer.from([version, connectCommand, 0, domainName, name.length]), name, port]));
				return;
			}

			const code = received[1]!;
			finish(code === 0 ? {kind: 'connected'} : {kind: 'failed-reply', code});
		});
		socket.once('end', () => finish(stage === 'reply' ? {kind: 'closed'} : {kind: 'not-socks', received: received.toString('hex')}));
		socket.once('error', (error: NodeJS.ErrnoException) => {
			const code = error.code ?? 'UNKNOWN';
			finish(stage === 'reply' && code === 'ECONNRESET' ? {kind: 'closed'} : {kind: 'connect-error', code});
		});
	});
}
