// TCP helpers for tests: an echo server to forward to, a client that checks bytes come back,
// and port probes. Loopback only.
import net, {type AddressInfo} from 'node:net';
import {setTimeout as sleep} from 'node:timers/promises';

export type EchoServer = {
	readonly host: string;
	readonly port: number;
	/** Stops listening and drops every open connection. */
	close(): Promise<void>;
};

export async function startEchoServer(host = '127.0.0.1', port = 0): Promise<EchoServer> {
	const sockets = new Set<net.Socket>();
	const server = net.createServer(socket => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		// A reset from the peer (ssh killed mid-test) is routine here, not a failure.
		socket.on('error', () => {});
		socket.pipe(socket);
	});
	await listen(server, host, port);
	return {
		host,
		port: (server.address() as AddressInfo).port,
		close: async () =>
			new Promise<void>(resolve => {
				server.close(() => resolve());
				for (const socket of sockets) socket.destroy();
			}),
	};
}

/**
 * Connects, writes `payload`, and resolves with what came back once as many bytes as were sent
 * have arrived, or with what there was when the peer closed (a forward whose far end is
 * unreachable is closed by ssh: that resolves with ''). Rejects on a socket error or after
 * `timeoutMs`.
 */
export async function roundTrip(host: string, port: number, payload: string, timeoutMs = 3000): Promise<string> {
	const expected = Buffer.byteLength(payload);
	return new Promise<string>((resolve, reject) => {
		const chunks: Buffer[] = [];
		let received = 0;
		let settled = false;
		const socket = net.connect({host, port});
		const finish = (error?: Error): void => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			socket.destroy();
			if (error) reject(error);
			else resolve(Buffer.concat(chunks).toString('utf8'));
		};
		const timer = setTimeout(() => {
			finish(new Error(`roundTrip ${host}:${port}: timed out after ${timeoutMs} ms with ${received} of ${expected} bytes back`));
		}, timeoutMs);
		socket.on('connect', () => {
			if (expected === 0) finish();
			else socket.write(payload);
		});
		socket.on('data', (chunk: Buffer) => {
			chunks.push(chunk);
			received += chunk.length;
			if (received >= expected) finish();
		});
		socket.on('end', () => finish());
		socket.on('error', error => finish(new Error(`roundTrip ${host}:${port}: ${error.message}`, {cause: error})));
	});
}

/** A port that was free a moment ago (bound on port 0, then closed): racy by nature, so retry on EADDRINUSE. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
	const server = net.createServer();
	await listen(server, host, 0);
	const {port} = server.address() as AddressInfo;
	await new Promise<void>(resolve => server.close(() => resolve()));
	return port;
}

/** True when a TCP connection to host:port is accepted within `timeoutMs`. */
export async function canConnect(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
	return new Promise<boolean>(resolve => {
		const socket = net.connect({host, port});
		const done = (ok: boolean): void => {
			clearTimeout(timer);
			socket.destroy();
			resolve(ok);
		};
		const timer = setTimeout(() => done(false), timeoutMs);
		socket.once('connect', () => done(true));
		// `on`, not `once`: a late error after destroy() must not become an uncaught one.
		socket.on('error', () => done(false));
	});
}

/** Polls until host:port accepts a connection; throws after `timeoutMs`. */
export async function waitForPort(host: string, port: number, timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await canConnect(host, port, Math.max(1, Math.min(1000, deadline - Date.now())))) return;
		if (Date.now() >= deadline) throw new Error(`nothing accepted connections on ${host}:${port} within ${timeoutMs} ms`);
		await sleep(25);
	}
}

async function listen(server: net.Server, host: string, port: number): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen({host, port}, () => {
			server.off('error', reject);
			resolve();
		});
	});
}
