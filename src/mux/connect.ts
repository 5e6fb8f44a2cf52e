// Connecting to a master's control socket within a bound, and reading its packets: shared by one-off
// exchanges (client.ts) and sessions of many requests (session.ts).
import {connect, type Socket} from 'node:net';
import {MUX_VERSION, takePacket, type HelloAnswer} from './wire.js';

// mux.c listens with a backlog of 64. A master that does not accept (stopped, or just resumed and
// draining) keeps connections we gave up on queued; once the queue is full the kernel fails a Unix
// connect at once with EAGAIN instead of waiting. Retrying until the deadline keeps 'timeout'
// meaning "no answer within the bound" and lets a master that is catching up still answer.
const EAGAIN_RETRY_MS = 10;

/**
 * Connects to a Unix socket and hands it to `talk` once connected; resolves with what `talk` finishes
 * with, or a timeout or connect error, within timeoutMs (EAGAIN retried, see above). The socket is
 * closed when it finishes, unless kept open for a session.
 */
export async function connectBounded<R>(
	socketPath: string,
	timeoutMs: number,
	talk: (socket: Socket, finish: (outcome: R, options?: {readonly keepOpen: boolean}) => void) => void,
): Promise<R | {readonly kind: 'timeout'} | {readonly kind: 'connect-error'; readonly code: string}> {
	return new Promise(resolve => {
		let socket: Socket | undefined;
		let retry: NodeJS.Timeout | undefined;
		let done = false;
		const finish = (outcome: R | {readonly kind: 'timeout'} | {readonly kind: 'connect-error'; readonly code: string}, {keepOpen = false} = {}): void => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			clearTimeout(retry);
			if (!keepOpen) close(socket);
			resolve(outcome);
		};
		const timer = setTimeout(() => finish({kind: 'timeout'}), timeoutMs);
		const attempt = (): void => {
			const current = connect({path: socketPath});
			socket = current;
			current.once('error', (error: NodeJS.ErrnoException) => {
				const code = error.code ?? 'UNKNOWN';
				if (code !== 'EAGAIN') return finish({kind: 'connect-error', code});
				close(current);
				retry = setTimeout(attempt, EAGAIN_RETRY_MS);
			});
			current.once('connect', () => {
				current.removeAllListeners('error');
				talk(current, finish);
			});
		};
		attempt();
	});
}

/** Why a master's HELLO is not one we can talk to, or undefined when it is. */
export function helloRefusal(hello: HelloAnswer): string | undefined {
	if (hello.kind === 'malformed') return hello.detail;
	return hello.version === MUX_VERSION ? undefined : `mux protocol version ${hello.version}, expected ${MUX_VERSION}`;
}

export type PacketRead = {readonly kind: 'packet'; readonly body: Buffer} | {readonly kind: 'broken'; readonly detail: string};

/**
 * The packets a connected socket receives, one per `next`, in the order they were awaited (each
 * stage names what was awaited, for messages).
 */
export function readPackets(socket: Socket): {next(stage: string): Promise<PacketRead>} {
	let received: Buffer = Buffer.alloc(0);
	let broken: ((stage: string) => string) | undefined;
	const waiting: Array<{readonly stage: string; readonly resolve: (read: PacketRead) => void}> = [];
	const deliver = (): void => {
		while (waiting.length > 0) {
			const framed = takePacket(received);
			if (framed.kind === 'incomplete' && broken === undefined) return;
			const {stage, resolve} = waiting.shift()!;
			if (framed.kind === 'incomplete') {
				resolve({kind: 'broken', detail: broken!(stage)});
			} else if (framed.kind === 'oversized') {
				broken = () => `not the mux protocol (packet length ${framed.length})`;
				resolve({kind: 'broken', detail: broken(stage)});
			} else {
				received = framed.rest;
				resolve({kind: 'packet', body: framed.body});
			}
		}
	};
	socket.on('data', (chunk: Buffer) => {
		received = Buffer.concat([received, chunk]);
		deliver();
	});
	socket.once('end', () => {
		broken ??= stage => `closed the connection during ${stage}`;
		deliver();
	});
	socket.once('error', (error: NodeJS.ErrnoException) => {
		broken ??= stage => `${error.code ?? 'error'} during ${stage}`;
		deliver();
	});
	return {
		next: async stage => new Promise(resolve => {
			waiting.push({stage, resolve});
			deliver();
		}),
	};
}

export function close(socket: Socket | undefined): void {
	if (!socket) return;
	socket.removeAllListeners();
	// A late error on a destroyed socket must not become an uncaught exception.
	socket.on('error', () => {});
	socket.destroy();
}
