import assert from 'node:assert/strict';
import {once} from 'node:events';
import {readFileSync} from 'node:fs';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {connect, createServer, type AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, test} from 'node:test';
import {parseProcNetTcp} from '../../src/net/listeners.js';
import {pastListeners, readListenSection} from '../../src/net/proc-net-read.js';

const header = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
const row = (sl: number, port: number, state: string, inode: number): string =>
	`${String(sl).padStart(4)}: 0100007F:${port.toString(16).toUpperCase().padStart(4, '0')} 00000000:0000 ${state} 00000000:00000000 00:00000000 00000000     0        0 ${inode} 1 0000000000000000 100 0 0 10 0\n`;

describe('pastListeners', () => {
	for (const [state, past] of [['0A', false], ['03', false], ['01', true], ['06', true], ['07', true], ['0B', true]] as const) {
		test(`a row in state ${state} ${past ? 'comes' : 'may come'} after the listeners`, () => {
			const before = `${header}${row(0, 22, '0A', 1)}`;
			assert.equal(pastListeners(`${before}${row(1, 80, state, 2)}`), past ? before.length : -1);
		});
	}

	test('the header, and a cut-off row before its state, say nothing', () => {
		assert.equal(pastListeners(header), -1);
		assert.equal(pastListeners(row(5, 22, '01', 1).slice(0, 30)), -1);
	});
});

describe('readListenSection', () => {
	test('stops after the first row past the listeners; keeps every listener before it, across a buffer that grows', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'proc-net-'));
		try {
			const file = path.join(dir, 'tcp');
			// 1000 listeners (about 150 kB: more than the first buffer), then connections, then a LISTEN
			// row that the kernel never prints there: it shows where reading stopped.
			const listeners = Array.from({length: 1000}, (_, index) => row(index, 1000 + index, '0A', index + 1)).join('');
			await writeFile(file, `${header}${listeners}${row(1000, 5000, '01', 9001)}${row(1001, 5001, '0A', 9002)}`);
			const ports = parseProcNetTcp(readListenSection(file), 4).map(socket => socket.port);
			assert.equal(readListenSection(file), `${header}${listeners}`);
			assert.equal(ports.length, 1000);
			assert.deepEqual(ports.slice(0, 2), [1000, 1001]);
			assert.equal(ports.at(-1), 1999);
		} finally {
			await rm(dir, {recursive: true, force: true});
		}
	});

	test('a table of listeners only is read to its end; a missing file reads as empty', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'proc-net-'));
		try {
			const file = path.join(dir, 'tcp6');
			const text = `${header}${row(0, 22, '0A', 1)}${row(1, 23, '03', 2)}${row(2, 24, '0A', 3)}`;
			await writeFile(file, text);
			assert.equal(readListenSection(file), text);
			assert.equal(readListenSection(path.join(dir, 'absent')), '');
		} finally {
			await rm(dir, {recursive: true, force: true});
		}
	});

	test('the real /proc/net/tcp: a listener with a connection to it is found, as in the whole file', {skip: process.platform !== 'linux'}, async () => {
		const server = createServer(socket => socket.end());
		server.listen({host: '127.0.0.1', port: 0});
		await once(server, 'listening');
		const {port} = server.address() as AddressInfo;
		const client = connect({host: '127.0.0.1', port});
		await once(client, 'connect');
		try {
			const section = parseProcNetTcp(readListenSection('/proc/net/tcp'), 4).filter(socket => socket.port === port);
			const whole = parseProcNetTcp(readFileSync('/proc/net/tcp', 'utf8'), 4).filter(socket => socket.port === port);
			assert.equal(section.length, 1);
			assert.deepEqual(section, whole);
		} finally {
			client.destroy();
			server.close();
		}
	});
});
