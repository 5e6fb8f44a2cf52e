import {randomInt} from 'node:crypto';
import {stat} from 'node:fs/promises';
import {connect, type Socket} from 'node:net';

// A client for the one request of OpenSSH's ControlMaster protocol that `tunnels` needs on every
// status: the alive check, which `ssh -S SOCK -O check` makes after forking a whole ssh (tens of
// milliseconds each). Wire format and numbers: PROTOCOL.mux and mux.c in openssh-portable
// (checked against mux.c 1.98; OpenSSH 9.2 speaks the same version 4, as the real-master test
// shows): every packet is a big-endian uint32 length, then a
// uint32 type, then the body; strings are a uint32 length and the bytes.

/** SSHMUX_VER in mux.c; a client must refuse any other version. */
export const MUX_VERSION = 4;
export const MUX_MSG_HELLO = 0x00000001;
export const MUX_C_ALIVE_CHECK = 0x10000004;
export const MUX_S_PERMISSION_DENIED = 0x80000002;
export const MUX_S_FAILURE = 0x80000003;
export const MUX_S_ALIVE = 0x80000005;
export const MUX_C_OPEN_FWD = 0x10000006;

// A master's HELLO is 8 bytes and its ALIVE 12; anything near this bound is some other protocol
// whose first bytes read as a length (the text `Mast` is 1.3 GB).
const MAX_PACKET = 64 * 1024;

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

/** A length-prefixed packet taken off the front of received bytes. */
export type Framed =
	| {readonly kind: 'incomplete'}
	| {readonly kind: 'packet'; readonly body: Buffer; readonly rest: Buffer}
	| {readonly kind: 'oversized'; readonly length: number};

export type HelloAnswer =
	| {readonly kind: 'hello'; readonly version: number; readonly extensions: readonly string[]}
	| {readonly kind: 'malformed'; readonly detail: string};

export type AliveAnswer =
	| {readonly kind: 'alive'; readonly pid: number}
	| {readonly kind: 'malformed'; readonly detail: string};

export function encodePacket(...words: readonly number[]): Buffer {
	const packet = Buffer.alloc(4 + 4 * words.length);
	packet.writeUInt32BE(4 * words.length, 0);
	words.forEach((word, index) => packet.writeUInt32BE(word, 4 + 4 * index));
	return packet;
}

/** Our HELLO: the version and no extensions. */
export function encodeHello(): Buffer {
	return encodePacket(MUX_MSG_HELLO, MUX_VERSION);
}

export function encodeAliveCheck(requestId: number): Buffer {
	return encodePacket(MUX_C_ALIVE_CHECK, requestId);
}

export function takePacket(received: Buffer): Framed {
	if (received.length < 4) return {kind: 'incomplete'};
	const length = received.readUInt32BE(0);
	if (length > MAX_PACKET) return {kind: 'oversized', length};
	if (received.length < 4 + length) return {kind: 'incomplete'};
	return {kind: 'packet', body: received.subarray(4, 4 + length), rest: received.subarray(4 + length)};
}

/** Reads the master's HELLO body: type, version, then name/value string pairs that are skipped. */
export function decodeHello(body: Buffer): HelloAnswer {
	if (body.length < 8) return {kind: 'malformed', detail: `short HELLO (${body.length} bytes)`};
	const type = body.readUInt32BE(0);
	if (type !== MUX_MSG_HELLO) return {kind: 'malformed', detail: `expected HELLO, got message type ${hex(type)}`};
	const version = body.readUInt32BE(4);
	const extensions: string[] = [];
	let offset = 8;
	while (offset < body.length) {
		const name = readString(body, offset);
		const value = name === undefined ? undefined : readString(body, name.next);
		if (name === undefined || value === undefined) return {kind: 'malformed', detail: 'truncated HELLO extension'};
		extensions.push(name.bytes.toString('utf8'));
		offset = value.next;
	}
	return {kind: 'hello', version, extensions};
}

/** Reads the answer to MUX_C_ALIVE_CHECK: MUX_S_ALIVE with our request id and the master's PID. */
export function decodeAlive(body: Buffer, requestId: number): AliveAnswer {
	if (body.length < 8) return {kind: 'malformed', detail: `short answer (${body.length} bytes)`};
	const type = body.readUInt32BE(0);
	const replyId = body.readUInt32BE(4);
	if (type === MUX_S_FAILURE || type === MUX_S_PERMISSION_DENIED) {
		const reason = readString(body, 8)?.bytes.toString('utf8') ?? '';
		return {kind: 'malformed', detail: `master refused the alive check: ${reason}`};
	}
	if (type !== MUX_S_ALIVE) return {kind: 'malformed', detail: `expected ALIVE, got message type ${hex(type)}`};
	if (replyId !== requestId) return {kind: 'malformed', detail: `reply to request ${replyId}, expected ${requestId}`};
	if (body.length !== 12) return {kind: 'malformed', detail: `ALIVE of ${body.length} bytes, expected 12`};
	const pid = body.readUInt32BE(8);
	// pid_t is a signed 32-bit int: a larger value cannot be a process.
	if (pid === 0 || pid > 0x7fffffff) return {kind: 'malformed', detail: `implausible master pid ${pid}`};
	return {kind: 'alive', pid};
}

export function readString(body: Buffer, offset: number): {readonly bytes: Buffer; readonly next: number} | undefined {
	if (offset + 4 > body.length) return undefined;
	const end = offset + 4 + body.readUInt32BE(offset);
	return end > body.length ? undefined : {bytes: body.subarray(offset + 4, end), next: end};
}

function hex(type: number): string {
	return `0x${type.toString(16).padStart(8, '0')}`;
}

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
	if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH) {
		throw new Error(`control socket path is ${Buffer.byteLength(socketPath)} bytes, more than a Unix socket allows (${MAX_SOCKET_PATH}): ${socketPath}`);
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

const MAX_SOCKET_PATH = process.platform === 'linux' ? 107 : 103;

export type Exchange<T> = T | {readonly kind: 'timeout'} | {readonly kind: 'not-a-master'; readonly detail: string} | {readonly kind: 'connect-error'; readonly code: string};

/** One request after the HELLOs, and how to read the master's answer to it. */
export type Conversation<T> = {
	/** what the request is, for messages: `the alive check` */
	readonly name: string;
	readonly request: Buffer;
	readonly answer: (body: Buffer) => T | {readonly kind: 'not-a-master'; readonly detail: string};
};

/** Connects, exchanges HELLOs and one request, bounded by timeoutMs; EAGAIN is retried (see above). */
export function exchange<T>(socketPath: string, timeoutMs: number, conversation: Conversation<T>): Promise<Exchange<T>> {
	return new Promise(resolve => {
		let socket: Socket | undefined;
		let retry: NodeJS.Timeout | undefined;
		const finish = (result: Exchange<T>): void => {
			clearTimeout(timer);
			clearTimeout(retry);
			close(socket);
			resolve(result);
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
				talk(current, conversation, finish);
			});
		};
		attempt();
	});
}

/** The exchange on a connected socket: HELLO both ways, then the request and its answer. */
function talk<T>(socket: Socket, conversation: Conversation<T>, finish: (result: Exchange<T>) => void): void {
	let stage = 'HELLO';
	let received: Buffer = Buffer.alloc(0);
	// The master sends its HELLO as soon as it accepts, without waiting for ours.
	socket.write(encodeHello());
	socket.on('data', (chunk: Buffer) => {
		received = Buffer.concat([received, chunk]);
		for (;;) {
			const framed = takePacket(received);
			if (framed.kind === 'incomplete') return;
			if (framed.kind === 'oversized') {
				return finish({kind: 'not-a-master', detail: `not the mux protocol (packet length ${framed.length})`});
			}
			received = framed.rest;
			if (stage === 'HELLO') {
				const hello = decodeHello(framed.body);
				if (hello.kind === 'malformed') return finish({kind: 'not-a-master', detail: hello.detail});
				if (hello.version !== MUX_VERSION) {
					return finish({kind: 'not-a-master', detail: `mux protocol version ${hello.version}, expected ${MUX_VERSION}`});
				}
				stage = conversation.name;
				socket.write(conversation.request);
			} else {
				return finish(conversation.answer(framed.body));
			}
		}
	});
	socket.once('end', () => finish({kind: 'not-a-master', detail: `closed the connection during ${stage}`}));
	socket.once('error', (error: NodeJS.ErrnoException) => finish({kind: 'not-a-master', detail: `${error.code ?? 'error'} during ${stage}`}));
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
