import {randomInt} from 'node:crypto';
import {stat} from 'node:fs/promises';
import {connectBounded, helloRefusal, readPackets} from './connect.js';
import {maxSocketPathBytes} from './control-path.js';
import type {Conversation, Exchange} from './session.js';
import {decodeAlive, decodeHello, encodeAliveCheck, encodeHello} from './wire.js';

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

/**
 * Connects, exchanges HELLOs and one request, bounded by timeoutMs; EAGAIN is retried (connect.ts).
 * Our HELLO and the request leave in one write: mux.c reads one packet at a time, in order, and the
 * master sends its HELLO as soon as it accepts. One write and one timer per exchange made 200
 * alive checks (one `ls` at 200 tunnels) take ~25-30 ms instead of ~35 (issue 17).
 */
export async function exchange<T>(socketPath: string, timeoutMs: number, conversation: Conversation<T>): Promise<Exchange<T>> {
	return connectBounded<Exchange<T>>(socketPath, timeoutMs, (socket, finish) => {
		const packets = readPackets(socket);
		socket.write(Buffer.concat([encodeHello(), conversation.request]));
		void packets.next('HELLO').then(async hello => {
			const refusal = hello.kind === 'packet' ? helloRefusal(decodeHello(hello.body)) : hello.detail;
			if (refusal !== undefined) return finish({kind: 'not-a-master', detail: refusal});
			const answer = await packets.next(conversation.name);
			finish(answer.kind === 'packet' ? conversation.answer(answer.body) : {kind: 'not-a-master', detail: answer.detail});
		});
	});
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
