// Forward requests of OpenSSH's ControlMaster protocol, pure: MUX_C_OPEN_FWD and MUX_C_CLOSE_FWD
// (PROTOCOL.mux sections 6, 7 and 10), byte for byte what `ssh -S SOCK -O forward|cancel` sends
// (fixtures/mux/forward-requests.json, captured from OpenSSH 9.2's own client).
import type {Listen, Target, TunnelForward} from '../profile/types.js';
import {MUX_C_OPEN_FWD, MUX_S_FAILURE, MUX_S_PERMISSION_DENIED, readString} from './wire.js';

export const MUX_C_CLOSE_FWD = 0x10000007;
export const MUX_S_OK = 0x80000001;
export const MUX_S_REMOTE_PORT = 0x80000007;
const MUX_FWD = {local: 1, remote: 2, dynamic: 3} as const;
/** A port of (unsigned int) -2 says the host field is a Unix socket path (PORT_STREAMLOCAL in mux.c). */
const PORT_STREAMLOCAL = 0xfffffffe;

/** One end of a forward as the master stores it: host (or path) and port. */
type WireEnd = {readonly host: string; readonly port: number};

export type ForwardAnswer =
	| {readonly kind: 'ok'}
	/** a remote forward on port 0: the port the server allocated */
	| {readonly kind: 'remote-port'; readonly port: number}
	| {readonly kind: 'failure'; readonly reason: string}
	| {readonly kind: 'permission-denied'; readonly reason: string}
	| {readonly kind: 'malformed'; readonly detail: string};

export function encodeOpenForward(requestId: number, entry: TunnelForward): Buffer {
	return encodeForwardRequest(MUX_C_OPEN_FWD, requestId, entry);
}

/**
 * The master closes only a forward equal to one it holds (mux.c compare_forward: every field), so
 * the request is built exactly as the open one, and as ssh's own parse of the command line's
 * `-L`/`-R`/`-D` (a dynamic forward's target is `socks`, port 0): a forward the master got on its
 * command line closes the same way.
 */
export function encodeCloseForward(requestId: number, entry: TunnelForward): Buffer {
	return encodeForwardRequest(MUX_C_CLOSE_FWD, requestId, entry);
}

function encodeForwardRequest(type: number, requestId: number, entry: TunnelForward): Buffer {
	const listen = listenEnd(entry.forward.listen);
	const connect = entry.kind === 'dynamic' ? socks : targetEnd(entry.forward.target);
	return frame([word(type), word(requestId), word(MUX_FWD[entry.kind]), text(listen.host), word(listen.port), text(connect.host), word(connect.port)]);
}

const socks: WireEnd = {host: 'socks', port: 0};

// No bind address is the empty string, which the master reads as none (loopback unless -g).
function listenEnd(listen: Listen): WireEnd {
	return listen.kind === 'unix' ? {host: listen.path, port: PORT_STREAMLOCAL} : {host: listen.bind ?? '', port: listen.port};
}

function targetEnd(target: Target | {readonly kind: 'socks'}): WireEnd {
	switch (target.kind) {
		case 'tcp': {
			return {host: target.host, port: target.port};
		}

		case 'unix': {
			return {host: target.path, port: PORT_STREAMLOCAL};
		}

		case 'socks': {
			return socks;
		}
	}
}

/** Reads the master's answer to an open or close forward request with our request id. */
export function decodeForwardAnswer(body: Buffer, requestId: number): ForwardAnswer {
	if (body.length < 8) return {kind: 'malformed', detail: `short answer (${body.length} bytes)`};
	const type = body.readUInt32BE(0);
	const replyId = body.readUInt32BE(4);
	if (replyId !== requestId) return {kind: 'malformed', detail: `reply to request ${replyId}, expected ${requestId}`};
	switch (type) {
		case MUX_S_OK: {
			return {kind: 'ok'};
		}

		case MUX_S_REMOTE_PORT: {
			return body.length === 12 ? {kind: 'remote-port', port: body.readUInt32BE(8)} : {kind: 'malformed', detail: `REMOTE_PORT of ${body.length} bytes, expected 12`};
		}

		case MUX_S_FAILURE:
		case MUX_S_PERMISSION_DENIED: {
			const reason = readString(body, 8);
			if (reason === undefined) return {kind: 'malformed', detail: 'answer without its reason'};
			return {kind: type === MUX_S_FAILURE ? 'failure' : 'permission-denied', reason: reason.bytes.toString('utf8')};
		}

		default: {
			return {kind: 'malformed', detail: `expected an answer to a forward request, got message type 0x${type.toString(16).padStart(8, '0')}`};
		}
	}
}

function word(value: number): Buffer {
	const buffer = Buffer.alloc(4);
	buffer.writeUInt32BE(value);
	return buffer;
}

function text(value: string): Buffer {
	const bytes = Buffer.from(value, 'utf8');
	return Buffer.concat([word(bytes.length), bytes]);
}

function frame(parts: readonly Buffer[]): Buffer {
	const body = Buffer.concat(parts);
	return Buffer.concat([word(body.length), body]);
}
