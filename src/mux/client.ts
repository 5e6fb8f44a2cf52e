import {randomInt} from 'node:crypto';
import {stat} from 'node:fs/promises';
import {connect, type Socket} from 'node:net';
import {maxSocketPathBytes} from './control-path.js';
import {decodeAlive, decodeHello, encodeAliveCheck, encodeHello, takePacket, MUX_VERSION} from './wire.js';

// A client for the one request of OpenSSH's ControlMaster protocol that `tunnels` needs on every
// status: the alive check, which `ssh -S SOCK -O check` makes after forking a whole ssh (tens of
// milliseconds each). The packets are wire.ts's.

export type MasterCheck =
	| {readonly kind: 'alive'; readonly pid: number}
	/** no file at the path (ENOENT, or a path component is not a directory) */
	| {readonly kind: 'missing'}
	/** a socket file that nobody listens on (ECONNREFUSED): the master is gone, the socket is stale */
	| {readonly kind: 'refused'}
	/** no answer within the bound: the master is frozen (SIGSTOP) or too busy to accept */
	| {readonly kind: 'timeout'}
	/** answered something that is not the mux protocol, or the path is not a socket */
	| {readonly kind: 'not-a-master'; readonly detail: string};

/**
 * Asks the master behind a control socket whether it is alive (MUX_C_ALIVE_CHECK), bounded by
 * timeoutMs (connect and the whole exchange). Never throws for expected failures; throws only for
 * errors that need fixing elsewhere (EACCES, a path too long for a Unix socket). The PID is what the socket
 * claims: whoever listens there answers as it likes, so verify it like any other PID.
 */
export async function checkMaster(socketPath: string, timeoutMs: number): Promise<MasterCheck> {
	// libuv copies the path into sun_path (108 bytes on Linux, 104 on macOS) and silently cuts it
	// off, so a longer path would reach whatever socket sits at the cut-off name. ssh never creates
	// such a socket (it needs the terminating NUL to fit), so a path this long is a bug upstream.
	if (Buffer.byteLength(socketPath) > maxSocketPathBytes) {
		throw new Error(`control socket path is ${Buffer.byteLength(socketPath)} bytes, more than a Unix socket allows (${maxSocketPathBytes}): ${socketPath}`);
	}
	const requestId = randomInt(0x1_0000_0000);
	const outcome = await exchange(socketPath, timeoutMs, {
		name: 'the alive check',
		request: encodeAliveCheck(requestId),
		answer: body => {
			const alive = decodeAlive(body, requestId);
			return alive.kind === 'alive' ? alive : {kind: 'not-a-master', detail: alive.detail};
		},
	});
	if (outcome.kind !== 'connect-error') return outcome;
	switch (outcome.code) {
		case 'ENOENT':
		case 'ENOTDIR':
			return {kind: 'missing'};
		case 'ECONNREFUSED':
			// Linux refuses a connect to a path that is not a socket the same way as to a socket with
			// no listener; only the latter is a stale master.
			return await describeNonSocket(socketPath) ?? {kind: 'refused'};
		default:
			throw Object.assign(new Error(`cannot connect to control socket ${socketPath}: ${outcome.code}`), {code: outcome.code});
	}
}

// mux.c listens with a backlog of 64. A master that does not accept (stopped, or just resumed and
// draining) keeps connections we gave up on queued; once the queue is full the kernel fails a Unix
// connect at once with EAGAIN instead of waiting. Retrying until the deadline keeps 'timeout'
// meaning "no answer within the bound" and lets a master that is catching up still answer.
const EAGAIN_RETRY_MS = 10;

export type Exchange<T> = T | {readonly kind: 'timeout'} | {readonly kind: 'not-a-master'; readonly detail: string} | {readonly kind: 'connect-error'; readonly code: string};

/** One request after the HELLOs, and how to read the master's answer to it. */
export type Conversation<T> = {
	/** what the request is, for messages: `the alive check` */
	readonly name: string;
	readonly request: Buffer;
	readonly answer: (body: Buffer) => T | {readonly kind: 'not-a-master'; readonly detail: string};
};

/** What a session could not do: connect, or speak the mux protocol within its bound. */
export type SessionFailure = {readonly kind: 'timeout'} | {readonly kind: 'not-a-master'; readonly detail: string} | {readonly kind: 'connect-error'; readonly code: string};

/**
 * A connection to a master after the HELLOs: requests asked on it, each bounded by the timeout it is
 * given. Several may be asked without waiting: mux.c reads one request at a time from the socket and
 * answers each before it reads the next (channels.c channel_post_mux_client_read), so answers come in
 * the order asked. After a timeout or a broken connection every later request fails the same way.
 */
export type MuxSession = {
	ask<T>(conversation: Conversation<T>, timeoutMs: number): Promise<Exchange<T>>;
	close(): void;
};

/** Connects, exchanges HELLOs and one request, bounded by timeoutMs; EAGAIN is retried (see above). */
export async function exchange<T>(socketPath: string, timeoutMs: number, conversation: Conversation<T>): Promise<Exchange<T>> {
	const began = performance.now();
	const session = await openSession(socketPath, timeoutMs);
	if (!('ask' in session)) return session;
	try {
		return await session.ask(conversation, Math.max(1, timeoutMs - (performance.now() - began)));
	} finally {
		session.close();
	}
}

/** Connects and exchanges HELLOs, bounded by timeoutMs; EAGAIN is retried (see above). */
export function openSession(socketPath: string, timeoutMs: number): Promise<MuxSession | SessionFailure> {
	return new Promise(resolve => {
		let socket: Socket | undefined;
		let retry: NodeJS.Timeout | undefined;
		const fail = (failure: SessionFailure): void => {
			clearTimeout(timer);
			clearTimeout(retry);
			close(socket);
			resolve(failure);
		};
		const timer = setTimeout(() => fail({kind: 'timeout'}), timeoutMs);
		const attempt = (): void => {
			const current = connect({path: socketPath});
			socket = current;
			current.once('error', (error: NodeJS.ErrnoException) => {
				const code = error.code ?? 'UNKNOWN';
				if (code !== 'EAGAIN') return fail({kind: 'connect-error', code});
				close(current);
				retry = setTimeout(attempt, EAGAIN_RETRY_MS);
			});
			current.once('connect', () => {
				current.removeAllListeners('error');
				const packets = readPackets(current);
				// The master sends its HELLO as soon as it accepts, without waiting for ours.
				current.write(encodeHello());
				void packets.next('HELLO').then(packet => {
					const hello = packet.kind === 'packet' ? decodeHello(packet.body) : packet;
					if (hello.kind === 'broken' || hello.kind === 'malformed') return fail({kind: 'not-a-master', detail: hello.detail});
					if (hello.version !== MUX_VERSION) {
						return fail({kind: 'not-a-master', detail: `mux protocol version ${hello.version}, expected ${MUX_VERSION}`});
					}
					clearTimeout(timer);
					resolve(sessionOn(current, packets));
				});
			});
		};
		attempt();
	});
}

type PacketRead = {readonly kind: 'packet'; readonly body: Buffer} | {readonly kind: 'broken'; readonly detail: string};

/**
 * The packets a connected socket receives, one per `next`, in the order they were awaited (each
 * stage names what was awaited, for messages).
 */
function readPackets(socket: Socket): {next(stage: string): Promise<PacketRead>} {
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

function sessionOn(socket: Socket, packets: {next(stage: string): Promise<PacketRead>}): MuxSession {
	let failed: SessionFailure | undefined;
	return {
		async ask<T>(conversation: Conversation<T>, timeoutMs: number): Promise<Exchange<T>> {
			if (failed !== undefined) return failed;
			socket.write(conversation.request);
			let timer: NodeJS.Timeout | undefined;
			const answer = await Promise.race([
				packets.next(conversation.name),
				new Promise<undefined>(resolve => {
					timer = setTimeout(() => resolve(undefined), timeoutMs);
				}),
			]);
			clearTimeout(timer);
			if (answer === undefined) {
				// An answer that comes late would be taken for the next request's.
				failed = {kind: 'timeout'};
				close(socket);
				return failed;
			}
			if (answer.kind === 'broken') {
				failed = {kind: 'not-a-master', detail: answer.detail};
				return failed;
			}
			return conversation.answer(answer.body);
		},
		close: () => close(socket),
	};
}

function close(socket: Socket | undefined): void {
	if (!socket) return;
	socket.removeAllListeners();
	// A late error on a destroyed socket must not become an uncaught exception.
	socket.on('error', () => {});
	socket.destroy();
}

async function describeNonSocket(socketPath: string): Promise<MasterCheck | undefined> {
	try {
		// stat, not lstat: connect() follows a symbolic link, so judge what it points to.
		const stats = await stat(socketPath);
		if (stats.isSocket()) return undefined;
		const what = stats.isFile() ? 'a regular file' : stats.isDirectory() ? 'a directory' : 'some other kind of file';
		return {kind: 'not-a-master', detail: `${socketPath} is ${what}, not a socket`};
	} catch {
		// Gone between connect and stat: whatever it was, nothing listens there now.
		return undefined;
	}
}
