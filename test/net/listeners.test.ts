import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {createServer, type AddressInfo, type Server} from 'node:net';
import {after, describe, test} from 'node:test';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {listListeners, parseProcNetTcp, parseProcNetUnix, type Listener, type TcpListener} from '../../src/net/listeners.js';

// Captured on Linux x86_64 with listeners on 0.0.0.0:2024, 127.0.0.2, ::1, :: and ::ffff:127.0.0.1,
// plus a TIME_WAIT (06) line and a hand-made ESTABLISHED (01) one that must be left out. Expected
// IPv6 forms below were cross-checked with Python's ipaddress (IPv6Address.compressed).
const TCP4 = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode                                                     
   0: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 587 1 00000000facbac55 100 0 0 10 0                       
   1: 0100007F:878C 0100007F:A4EE 06 00000000:00000000 03:00000DD5 00000000     0        0 0 3 0000000090cfc5d0                                      
   2: 0200007F:875F 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 11174 1 000000008c9c1bcf 100 0 0 10 0                     
   3: 0100007F:A4EE 0100007F:878C 01 00000000:00000000 00:00000000 00000000     0        0 11180 1 000000008c9c1bcf 20 4 30 10 -1                    
`;

const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000001000000:8EE3 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 11171 1 00000000ac06d3aa 100 0 0 10 0
   1: 00000000000000000000000000000000:A9B3 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 11172 1 000000006649483e 100 0 0 10 0
   2: 0000000000000000FFFF00000100007F:A105 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 11173 1 00000000fd6a332c 100 0 0 10 0
`;

describe('parseProcNetTcp', () => {
	test('IPv4: little-endian words, host-order ports, listeners only', () => {
		assert.deepEqual(parseProcNetTcp(TCP4, 4), [
			{kind: 'tcp', address: '0.0.0.0', port: 2024, family: 4, inode: 587},
			{kind: 'tcp', address: '127.0.0.2', port: 34655, family: 4, inode: 11174},
		]);
	});

	test('IPv6: four little-endian words, compressed, IPv4-mapped keeps the dotted quad', () => {
		assert.deepEqual(parseProcNetTcp(TCP6, 6), [
			{kind: 'tcp', address: '::1', port: 36579, family: 6, inode: 11171},
			{kind: 'tcp', address: '::', port: 43443, family: 6, inode: 11172},
			{kind: 'tcp', address: '::ffff:127.0.0.1', port: 41221, family: 6, inode: 11173},
		]);
	});

	const line = (local: string) => `hdr\n   0: ${local} 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 42 1 0\n`;
	for (const [hex, expected] of [
		// fe80::1 (link-local; the scope id is not in /proc)
		['000080FE000000000000000001000000', 'fe80::1'],
		// the longest zero run is compressed, leading zeros of a group dropped
		['B80D01200000000000FF000029834200', '2001:db8::ff00:42:8329'],
		// 2001:db8:0:1:1:1:1:1: a single zero group stays (RFC 5952 4.2.2)
		['B80D0120010000000100010001000100', '2001:db8:0:1:1:1:1:1'],
		// 1:0:0:2:0:0:0:3: the longer run wins
		['00000100020000000000000003000000', '1:0:0:2::3'],
		// 1:0:0:2:3:0:0:4: on a tie the first run wins
		['00000100020000000000030004000000', '1::2:3:0:0:4'],
		// lowercase hex digits
		['000080FE000000000000CDAB000000EF', 'fe80::abcd:0:ef00:0'],
	] as const) {
		test(`IPv6 ${hex} -> ${expected}`, () => {
			assert.equal(parseProcNetTcp(line(`${hex}:0016`), 6)[0]?.address, expected);
		});
	}

	test('big-endian hosts print words in network order', () => {
		const text = 'hdr\n   0: 7F000001:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 7 1 0\n';
		assert.deepEqual(parseProcNetTcp(text, 4, 'BE'), [{kind: 'tcp', address: '127.0.0.1', port: 22, family: 4, inode: 7}]);
	});

	test('an empty table (header only, or nothing at all)', () => {
		assert.deepEqual(parseProcNetTcp(TCP4.split('\n')[0] ?? '', 4), []);
		assert.deepEqual(parseProcNetTcp('', 6), []);
	});

	test('rows that do not listen are dropped on their state, before their addresses are parsed', () => {
		// An address of the wrong length is an error only in a row that is kept.
		const row = (state: string) => `hdr\n   0: 0100007F00:0016 00000000:0000 ${state} 00000000:00000000 00:00000000 00000000     0        0 7 1 0\n`;
		assert.deepEqual(parseProcNetTcp(row('01'), 4), []);
		assert.throws(() => parseProcNetTcp(row('0A'), 4), /unexpected address in \/proc\/net\/tcp:/);
	});

	test('a malformed line is an error that shows the line', () => {
		assert.throws(() => parseProcNetTcp('hdr\n   0: nonsense\n', 4), /unexpected line in \/proc\/net\/tcp: "   0: nonsense"/);
		assert.throws(() => parseProcNetTcp(line('0100007F:0016'), 6), /unexpected address in \/proc\/net\/tcp6: ".*0100007F:0016/);
	});
});

// Captured on Linux x86_64: a listening stream socket with a path, one with a space in it, a
// connected one, an abstract one (@), an unnamed one, and a listening datagram one (Type 0002).
const UNIX = `Num       RefCount Protocol Flags    Type St Inode Path
000000003a71e66c: 00000002 00000000 00010000 0001 01 390567 /tmp/fx/socks.sock
0000000011111111: 00000002 00000000 00010000 0001 01 390570 /tmp/a b.sock
0000000086861110: 00000003 00000000 00000000 0001 03 390568 /tmp/fx/socks.sock
00000000aaaaaaaa: 00000002 00000000 00010000 0001 01 12001 @/tmp/.X11-unix/X0
00000000a607177c: 00000003 00000000 00000000 0001 03 400028
00000000bbbbbbbb: 00000002 00000000 00010000 0002 01 12002 /run/systemd/notify
`;

describe('parseProcNetUnix', () => {
	test('listening stream sockets bound to a path; a path may hold spaces', () => {
		assert.deepEqual(parseProcNetUnix(UNIX), [
			{kind: 'unix', path: '/tmp/fx/socks.sock', inode: 390_567},
			{kind: 'unix', path: '/tmp/a b.sock', inode: 390_570},
		]);
	});

	test('an empty file, and a line it cannot read', () => {
		assert.deepEqual(parseProcNetUnix(''), []);
		assert.throws(() => parseProcNetUnix('Num RefCount\nnot a socket line\n'), /unexpected line in \/proc\/net\/unix/);
	});
});

const tcpOnly = (listeners: readonly Listener[]): TcpListener[] => listeners.filter((listener): listener is TcpListener => listener.kind === 'tcp');

describe('listListeners', () => {
	const servers: Server[] = [];
	after(() => {
		for (const server of servers) server.close();
	});

	async function listen(host: string): Promise<number> {
		const server = createServer();
		servers.push(server);
		server.listen({host, port: 0});
		await once(server, 'listening');
		return (server.address() as AddressInfo).port;
	}

	test('finds this process as the owner of its own IPv4 and IPv6 listeners', async () => {
		const port4 = await listen('127.0.0.1');
		const port6 = await listen('::1');
		for (const options of [{ownersAmong: [process.pid]}, {}]) {
			const listeners = tcpOnly(await listListeners(options));
			const four = listeners.find(l => l.port === port4 && l.family === 4);
			const six = listeners.find(l => l.port === port6 && l.family === 6);
			assert.equal(four?.address, '127.0.0.1');
			assert.deepEqual(four?.pids, [process.pid]);
			assert.equal(six?.address, '::1');
			assert.deepEqual(six?.pids, [process.pid]);
		}
	});

	test('owners outside ownersAmong are not searched; an empty list finds none', async () => {
		const port = await listen('127.0.0.1');
		const [unrelated] = await listListeners({ownersAmong: [1]}).then(ls => tcpOnly(ls).filter(l => l.port === port));
		assert.deepEqual(unrelated?.pids, []);
		const [none] = await listListeners({ownersAmong: []}).then(ls => tcpOnly(ls).filter(l => l.port === port));
		assert.deepEqual(none?.pids, []);
	});

	test('finds another process, and skips PIDs that do not exist', async () => {
		const child = spawn(process.execPath, ['-e', `
			const s = require('node:net').createServer().listen({host: '127.0.0.1', port: 0}, () => console.log(s.address().port));
		`], {stdio: ['ignore', 'pipe', 'inherit']});
		try {
			const [line] = await once(child.stdout, 'data') as [Buffer];
			const port = Number(line.toString().trim());
			const all = tcpOnly(await listListeners());
			assert.deepEqual(all.find(l => l.port === port)?.pids, [child.pid]);
			// 2^22 + 1 is above Linux's PID_MAX_LIMIT: never a live process.
			const among = tcpOnly(await listListeners({ownersAmong: [4_194_305, child.pid ?? 0, child.pid ?? 0]}));
			assert.deepEqual(among.find(l => l.port === port)?.pids, [child.pid]);
		} finally {
			child.kill('SIGKILL');
		}
	});

	test('finds this process as the owner of a Unix socket it listens on, by path', async () => {
		const directory = await mkdtemp(path.join(tmpdir(), 'tunnels-unix-'));
		const socketPath = path.join(directory, 'app.sock');
		const server = createServer().listen(socketPath);
		try {
			await once(server, 'listening');
			const found = (await listListeners({ownersAmong: [process.pid]})).find(listener => listener.kind === 'unix' && listener.path === socketPath);
			assert.deepEqual(found?.pids, [process.pid]);
			const unowned = (await listListeners({ownersAmong: []})).find(listener => listener.kind === 'unix' && listener.path === socketPath);
			assert.deepEqual(unowned?.pids, []);
		} finally {
			server.close();
			await rm(directory, {recursive: true, force: true});
		}
	});
});
