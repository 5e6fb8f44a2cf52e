// OpenSSH's ControlMaster protocol on the wire, pure: packets in and out. Wire format and numbers:
// PROTOCOL.mux and mux.c in openssh-portable (checked against mux.c 1.98; OpenSSH 9.2 speaks the
// same version 4, as the real-master test shows): every packet is a big-endian uint32 length, then
// a uint32 type, then the body; strings are a uint32 length and the bytes.

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
