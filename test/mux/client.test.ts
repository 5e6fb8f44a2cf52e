import assert from 'node:assert/strict';
import {once} from 'node:events';
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {createServer, type Server, type Socket} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {checkMaster} from '../../src/mux/client.js';
import {
	decodeAlive, decodeHello, encodeAliveCheck, encodeHello, encodePacket, takePacket,
	MUX_C_ALIVE_CHECK, MUX_MSG_HELLO, MUX_S_ALIVE, MUX_S_FAILURE,
} from '../../src/mux/wire.js';

const bytes = (hex: string) => Buffer.from(hex.replace(/\s/g, ''), 'hex');
const muxString = (text: string) => Buffer.concat([encodeWord(Buffer.byteLength(text)), Buffer.from(text)]);
function encodeWord(word: number): Buffer {
	const buffer = Buffer.alloc(4);
	buffer.writeUInt32BE(word);
	return buffer;
}
const packet = (...parts: readonly Buffer[]) => {
	const body = Buffer.concat(parts);
	return Buffer.concat([encodeWord(body.length), body]);
};

describe('mux packets (pure)', () => {
	test('our HELLO and ALIVE_CHECK, byte for byte (PROTOCOL.mux sections 1 and 4)', () => {
		assert.deepEqual(encodeHello(), bytes('00000008 00000001 00000004'));
		assert.deepEqual(encodeAliveCheck(0xdeadbeef), bytes('00000008 10000004 deadbeef'));
		assert.deepEqual(encodePacket(), bytes('00000000'));
	});

	test('takePacket frames by the big-endian length', () => {
		assert.deepEqual(takePacket(bytes('000000')), {kind: 'incomplete'});
		assert.deepEqual(takePacket(bytes('00000008 00000001')), {kind: 'incomplete'});
		assert.deepEqual(takePacket(bytes('00000004 00000001 ff')), {kind: 'packet', body: bytes('00000001'), rest: bytes('ff')});
		assert.deepEqual(takePacket(Buffer.from('Master running (pid=1)\n')), {kind: 'oversized', length: 0x4d617374});
	});

	test('decodeHello skips extensions and rejects what is not a HELLO', () => {
		const hello = (...parts: readonly Buffer[]) => Buffer.concat([encodeWord(MUX_MSG_HELLO), encodeWord(4), ...parts]);
		assert.deepEqual(decodeHello(hello()), {kind: 'hello', version: 4, extensions: []});
		assert.deepEqual(decodeHello(hello(muxString('a@example.com'), muxString('x'), muxString('b'), muxString(''))),
			{kind: 'hello', version: 4, extensions: ['a@example.com', 'b']});
		assert.deepEqual(decodeHello(hello(muxString('a'))), {kind: 'malformed', detail: 'truncated HELLO extension'});
		assert.deepEqual(decodeHello(hello(bytes('000000ff 00'))), {kind: 'malformed', detail: 'truncated HELLO extension'});
		assert.deepEqual(decodeHello(bytes('00000001')), {kind: 'malformed', detail: 'short HELLO (4 bytes)'});
		assert.deepEqual(decodeHello(bytes('80000005 00000004')), {kind: 'malformed', detail: 'expected HELLO, got message type 0x80000005'});
		assert.deepEqual(decodeHello(bytes('00000001 00000003')), {kind: 'hello', version: 3, extensions: []});
	});

	test('decodeAlive wants MUX_S_ALIVE, our request id and a plausible pid', () => {
		const alive = (rid: number, pid: number) => Buffer.concat([encodeWord(MUX_S_ALIVE), encodeWord(rid), encodeWord(pid)]);
		assert.deepEqual(decodeAlive(alive(7, 1234), 7), {kind: 'alive', pid: 1234});
		assert.deepEqual(decodeAlive(alive(8, 1234), 7), {kind: 'malformed', detail: 'reply to request 8, expected 7'});
		assert.deepEqual(decodeAlive(alive(7, 0), 7), {kind: 'malformed', detail: 'implausible master pid 0'});
		assert.deepEqual(decodeAlive(alive(7, 1).subarray(0, 10), 7), {kind: 'malformed', detail: 'ALIVE of 10 bytes, expected 12'});
		assert.deepEqual(decodeAlive(bytes('80000005'), 7), {kind: 'malformed', detail: 'short answer (4 bytes)'});
		assert.deepEqual(decodeAlive(Buffer.concat([encodeWord(MUX_S_FAILURE), encodeWord(7), muxString('unsupported request')]), 7),
			{kind: 'malformed', detail: 'master refused the alive check: unsupported request'});
		assert.deepEqual(decodeAlive(bytes('80000001 00000007'), 7), {kind: 'malformed', detail: 'expected ALIVE, got message type 0x80000001'});
	});
});

/** A fake master on a Unix socket: `answer` gets each connection and what the client sent so far. */
type Script = (socket: Socket, received: () => Buffer) => void;

describe('checkMaster against fake servers', () => {
	let directory = '';
	const servers: Server[] = [];
	before(async () => {
		directory = await mkdtemp(join(tmpdir(), 'mux-'));
	});
	after(async () => {
		for (const server of servers) server.close();
		await rm(directory, {recursive: true, force: true});
	});

	async function fake(name: string, script: Script): Promise<string> {
		const path = join(directory, name);
		const server = createServer(socket => {
			let received = Buffer.alloc(0);
			socket.on('data', chunk => {
				received = Buffer.concat([received, chunk]);
			});
			socket.on('error', () => {});
			script(socket, () => received);
		});
		servers.push(server);
		server.listen(path);
		await once(server, 'listening');
		return path;
	}

	/** Answers like mux.c: HELLO at once, then ALIVE to an ALIVE_CHECK, one byte per write. */
	function master(pid: number, options: {readonly version?: number; readonly ridDelta?: number} = {}): Script {
		return (socket, received) => {
			const dribble = async (data: Buffer) => {
				for (const byte of data) {
					socket.write(Buffer.of(byte));
					await new Promise(resolve => setImmediate(resolve));
				}
			};
			// One packet after the other, as mux.c writes them: the ALIVE never starts inside the HELLO.
			let sending = dribble(packet(encodeWord(MUX_MSG_HELLO), encodeWord(options.version ?? 4), muxString('ext@test'), muxString('v')));
			let answered = false;
			socket.on('data', () => {
				const got = received();
				if (got.length < 24 || answered) return;
				answered = true;
				assert.deepEqual(got.subarray(0, 12), encodeHello());
				assert.equal(got.readUInt32BE(16), MUX_C_ALIVE_CHECK);
				sending = sending.then(async () => dribble(packet(encodeWord(MUX_S_ALIVE), encodeWord((got.readUInt32BE(20) + (options.ridDelta ?? 0)) >>> 0), encodeWord(pid))));
			});
		};
	}

	test('alive: a master that dribbles its answers one byte at a time, with a HELLO extension', async () => {
		assert.deepEqual(await checkMaster(await fake('ok', master(4242)), 1000), {kind: 'alive', pid: 4242});
	});

	test('not-a-master: an out-of-sequence reply, or another protocol version', async () => {
		const wrongId = await checkMaster(await fake('rid', master(4242, {ridDelta: 1})), 1000);
		assert.equal(wrongId.kind, 'not-a-master');
		assert.match(wrongId.kind === 'not-a-master' ? wrongId.detail : '', /^reply to request \d+, expected \d+$/);
		assert.deepEqual(await checkMaster(await fake('v3', master(4242, {version: 3})), 1000),
			{kind: 'not-a-master', detail: 'mux protocol version 3, expected 4'});
	});

	test('not-a-master: a server that prints text (like a fake `Master running`)', async () => {
		const path = await fake('text', socket => socket.write('Master running (pid=1)\n'));
		assert.deepEqual(await checkMaster(path, 1000), {kind: 'not-a-master', detail: 'not the mux protocol (packet length 1298232180)'});
	});

	test('not-a-master: a server that hangs up, before or after HELLO', async () => {
		assert.deepEqual(await checkMaster(await fake('bye', socket => socket.end()), 1000),
			{kind: 'not-a-master', detail: 'closed the connection during HELLO'});
		const afterHello = await fake('bye2', socket => socket.end(packet(encodeWord(MUX_MSG_HELLO), encodeWord(4))));
		assert.deepEqual(await checkMaster(afterHello, 1000), {kind: 'not-a-master', detail: 'closed the connection during the alive check'});
	});

	test('timeout: a server that accepts and never answers, closed by us within the bound', async () => {
		let closed: Promise<unknown> = Promise.resolve();
		const path = await fake('mute', socket => {
			closed = once(socket, 'close');
		});
		const started = performance.now();
		assert.deepEqual(await checkMaster(path, 150), {kind: 'timeout'});
		const elapsed = performance.now() - started;
		assert.ok(elapsed >= 145 && elapsed < 300, `took ${elapsed} ms`);
		await closed;
	});

	test('missing: no file, or a path through a regular file', async () => {
		assert.deepEqual(await checkMaster(join(directory, 'nothing-here'), 1000), {kind: 'missing'});
		await writeFile(join(directory, 'plain'), 'x');
		assert.deepEqual(await checkMaster(join(directory, 'plain', 'sock'), 1000), {kind: 'missing'});
	});

	test('a path longer than a Unix socket allows is an error, not a connect to a cut-off name', async () => {
		const long = join(directory, 'x'.repeat(107 - directory.length));
		assert.equal(Buffer.byteLength(long), 108);
		await assert.rejects(checkMaster(long, 1000), /control socket path is 108 bytes, more than a Unix socket allows \(107\)/);
		assert.deepEqual(await checkMaster(long.slice(0, -1), 1000), {kind: 'missing'});
	});

	test('not-a-master: a regular file or a directory (Linux refuses both with ECONNREFUSED)', async () => {
		const file = join(directory, 'file');
		await writeFile(file, '');
		assert.deepEqual(await checkMaster(file, 1000), {kind: 'not-a-master', detail: `${file} is a regular file, not a socket`});
		const folder = join(directory, 'folder');
		await mkdir(folder);
		assert.deepEqual(await checkMaster(folder, 1000), {kind: 'not-a-master', detail: `${folder} is a directory, not a socket`});
	});
});
