// A session on a master's control socket: many requests on one connection, answered in order (up
// --all adds every forward of a shared master this way).
import type {Socket} from 'node:net';
import {close, connectBounded, helloRefusal, readPackets, type PacketRead} from './connect.js';
import {decodeHello, encodeHello} from './wire.js';

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

/** Connects and exchanges HELLOs, bounded by timeoutMs; EAGAIN is retried (connect.ts). */
export async function openSession(socketPath: string, timeoutMs: number): Promise<MuxSession | SessionFailure> {
	return connectBounded<MuxSession | SessionFailure>(socketPath, timeoutMs, (socket, finish) => {
		const packets = readPackets(socket);
		// The master sends its HELLO as soon as it accepts, without waiting for ours.
		socket.write(encodeHello());
		void packets.next('HELLO').then(packet => {
			const refusal = packet.kind === 'packet' ? helloRefusal(decodeHello(packet.body)) : packet.detail;
			finish(refusal === undefined ? sessionOn(socket, packets) : {kind: 'not-a-master', detail: refusal}, {keepOpen: refusal === undefined});
		});
	});
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
