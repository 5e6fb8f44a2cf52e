import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {connect, createServer, type AddressInfo, type Socket} from 'node:net';
import {describe, test} from 'node:test';
import {canConnect} from '../../src/net/probe.js';

describe('canConnect', () => {
	for (const host of ['127.0.0.1', '::1']) {
		test(`open on ${host}, and the probe closes its connection at once`, async () => {
			const server = createServer();
			const closed = new Promise<void>(resolve => server.once('connection', (socket: Socket) => {
				socket.resume();
				socket.once('close', () => resolve());
			}));
			server.listen({host, port: 0});
			await once(server, 'listening');
			try {
				const {port} = server.address() as AddressInfo;
				assert.deepEqual(await canConnect(host, port, 1000), {kind: 'open'});
				await closed;
			} finally {
				server.close();
			}
		});
	}

	test('refused on a port nothing listens on', async () => {
		const server = createServer();
		server.listen({host: '127.0.0.1', port: 0});
		await once(server, 'listening');
		const {port} = server.address() as AddressInfo;
		server.close();
		await once(server, 'close');
		assert.deepEqual(await canConnect('127.0.0.1', port, 1000), {kind: 'refused'});
	});

	test('timeout when the listener never accepts and its queue is full', async () => {
		// A frozen process that listens with the smallest backlog: once its accept queue is full,
		// Linux drops further SYNs and the connect hangs, as behind a firewall that drops packets.
		const child = spawn(process.execPath, ['-e', `
			const s = require('node:net').createServer().listen({host: '127.0.0.1', port: 0, backlog: 1}, () => {
				console.log(s.address().port);
				process.kill(process.pid, 'SIGSTOP');
			});
		`], {stdio: ['ignore', 'pipe', 'inherit']});
		const fillers: Socket[] = [];
		try {
			const [line] = await once(child.stdout, 'data') as [Buffer];
			const port = Number(line.toString().trim());
			for (let index = 0; index < 4; index++) {
				const filler = connect({host: '127.0.0.1', port});
				filler.on('error', () => {});
				fillers.push(filler);
			}
			await new Promise(resolve => setTimeout(resolve, 50));
			const started = performance.now();
			assert.deepEqual(await canConnect('127.0.0.1', port, 200), {kind: 'timeout'});
			const elapsed = performance.now() - started;
			assert.ok(elapsed >= 190 && elapsed < 400, `took ${elapsed} ms`);
		} finally {
			for (const filler of fillers) filler.destroy();
			child.kill('SIGKILL');
		}
	});
});
