// SOCKS proxies (-D, and -R without a target) end to end: the real binary against a real sshd on
// 127.0.0.1, curl fetching from an HTTP server through the proxy. On one machine the server can
// reach everything the client can, so each fetch proves its path: the HTTP server looks up who
// holds the other end of the connection it accepted (connection-owner.ts reads /proc itself),
// and it must be the sshd session (-D: the server connects) or our ssh (-R: this side connects).
import assert from 'node:assert/strict';
import {lstat, rm, writeFile} from 'node:fs/promises';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import {after, afterEach, before, describe, test} from 'node:test';
import {execa} from 'execa';
import {connectionOwners} from '../support/connection-owner.js';
import {freePort} from '../support/echo-server.js';
import {isAlive, signal, until} from '../support/processes.js';
import {startSshd, type TestSshd} from '../support/sshd.js';
import {createWorld, upPid, type World} from '../support/tunnels.js';

const T = {timeout: 60_000};

/** An HTTP server on 127.0.0.1 that says who connected to it: the PIDs, among those asked, holding the other end. */
type Origin = {readonly port: number; readonly seen: number[][]; close(): Promise<void>};

async function startOrigin(candidates: () => Promise<readonly number[]>): Promise<Origin> {
	const seen: number[][] = [];
	const server = http.createServer((request, response) => {
		const client = request.socket.remotePort ?? 0;
		void candidates().then(pids => {
			seen.push(connectionOwners(client, (server.address() as AddressInfo).port, pids));
			response.end('hello from behind the server\n');
		});
	});
	await new Promise<void>(resolve => server.listen({host: '127.0.0.1', port: 0}, resolve));
	return {
		port: (server.address() as AddressInfo).port,
		seen,
		close: async () => new Promise<void>(resolve => {
			server.closeAllConnections();
			server.close(() => resolve());
		}),
	};
}

/**
 * curl through a SOCKS5 proxy that resolves names itself: `--socks5-hostname HOST:PORT`, or for a
 * socket path `-x socks5h://localhost/PATH` (curl 7.84+).
 */
async function curlThrough(proxy: string, url: string): Promise<{exitCode: number; stdout: string; stderr: string}> {
	const via = proxy.startsWith('/') ? ['-x', `socks5h://localhost${proxy}`] : ['--socks5-hostname', proxy];
	const result = await execa('curl', ['-sS', '--max-time', '10', '--noproxy', '', ...via, url], {reject: false, stripFinalNewline: false, env: {PATH: process.env['PATH'] ?? '/usr/bin:/bin'}, extendEnv: false, timeout: 15_000});
	return {exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr};
}

describe('SOCKS proxies against a real sshd', () => {
	let sshd: TestSshd | undefined;
	let world: World | undefined;
	let origin: Origin | undefined;
	let masterPid: number | undefined;

	before(async () => {
		sshd = await startSshd();
		world = await createWorld(sshd);
		origin = await startOrigin(async () => [...await sshd!.sessionPids(), ...(masterPid === undefined ? [] : [masterPid])]);
	});
	afterEach(async () => world?.cleanup());
	after(async () => {
		await world?.dispose();
		await Promise.allSettled([sshd?.dispose(), origin?.close()]);
	});

	test('-D: up only with the listeners bound by the master; curl fetches through it from the server\'s side; check shakes hands', T, async () => {
		assert.ok(world && sshd && origin);
		const port = await freePort();
		const socketPath = path.join(world.sandbox.dir, 's.sock');
		await world.setTunnels({socks: {host: 'testhost', dynamic: [port, socketPath]}});

		const print = await world.run(['print', '--minimal', 'socks']);
		assert.equal(print.stdout, `ssh -F ${sshd.sshConfigFile} -f -N -D ${port} -D ${socketPath} testhost\n`);

		const up = await world.run(['up', 'socks']);
		assert.equal(up.exitCode, 0, up.stderr);
		assert.match(up.stdout, new RegExp(`^socks up · pid \\d+ · D 127\\.0\\.0\\.1:${port} \\(\\+\\[::1\\]\\) \\(SOCKS\\), D ${socketPath} \\(SOCKS\\) via testhost · \\d+ ms$`, 'm'));
		masterPid = upPid(up.stdout, 'socks');
		assert.deepEqual(world.masters('socks'), [masterPid]);

		const status = await world.status('socks');
		assert.equal(status.state, 'up');
		assert.deepEqual(status.forwards?.map(forward => [forward.kind, forward.bound]), [['dynamic', ['127.0.0.1', '::1']], ['dynamic', [socketPath]]]);

		const sessions = await sshd.sessionPids();
		for (const proxy of [`127.0.0.1:${port}`, socketPath]) {
			const count: number = origin.seen.length;
			const fetched = await curlThrough(proxy, `http://127.0.0.1:${origin.port}/`);
			assert.equal(fetched.exitCode, 0, `${proxy}: ${fetched.stderr}`);
			assert.equal(fetched.stdout, 'hello from behind the server\n');
			assert.equal(origin.seen.length, count + 1, `${proxy}: one connection reached the server`);
			const [owners] = origin.seen.slice(-1);
			assert.ok(owners!.length > 0 && owners!.every(pid => sessions.includes(pid)), `${proxy}: the connection came from the sshd session (${sessions.join(', ')}), not from curl: ${owners!.join(', ')}`);
		}

		const check = await world.run(['check', 'socks']);
		assert.equal(check.exitCode, 0, check.stdout);
		assert.match(check.stdout, new RegExp(`^pass  listener 127\\.0\\.0\\.1:${port} / \\[::1\\]:${port}: bound on 127\\.0\\.0\\.1, ::1 by pid ${masterPid}$`, 'm'));
		assert.match(check.stdout, new RegExp(`^pass  listener ${socketPath}: bound on ${socketPath} by pid ${masterPid}$`, 'm'));
		assert.match(check.stdout, new RegExp(`^pass  SOCKS proxy 127\\.0\\.0\\.1:${port} to 127\\.0\\.0\\.1:${sshd.port}: the server connected there through the proxy \\(the ssh server itself\\)$`, 'm'));
		assert.match(check.stdout, new RegExp(`^pass  SOCKS proxy ${socketPath} to 127\\.0\\.0\\.1:${sshd.port}: the server connected there`, 'm'));
		masterPid = undefined;
	});

	test('check asks for the profile\'s probe, and a probe the server cannot reach fails with a hint', T, async () => {
		assert.ok(world && origin);
		const [port, closed] = await Promise.all([freePort(), freePort()]);
		await world.setTunnels({
			reach: {host: 'testhost', dynamic: [port], probe: `127.0.0.1:${origin.port}`},
			unreachable: {host: 'testhost', dynamic: [`127.0.0.1:${await freePort()}`], probe: `127.0.0.1:${closed}`},
		});
		assert.equal((await world.run(['up', 'reach', 'unreachable'])).exitCode, 0);
		const reach = await world.run(['check', 'reach']);
		assert.equal(reach.exitCode, 0, reach.stdout);
		assert.match(reach.stdout, new RegExp(`^pass  SOCKS proxy 127\\.0\\.0\\.1:${port} to 127\\.0\\.0\\.1:${origin.port}: the server connected there through the proxy \\(the profile's probe\\)$`, 'm'));
		const unreachable = await world.run(['check', 'unreachable']);
		assert.equal(unreachable.exitCode, 1, unreachable.stdout);
		assert.match(unreachable.stdout, new RegExp(`^FAIL  SOCKS proxy 127\\.0\\.0\\.1:\\d+ to 127\\.0\\.0\\.1:${closed}: the server could not connect there: ssh closed the SOCKS connection without a reply\\n {7}hint: check that the server can reach the tunnel's \`probe:\``, 'm'));
	});

	test('-D on a port someone else holds: nothing starts, the holder is named', T, async () => {
		assert.ok(world);
		const port = await freePort();
		const holder = http.createServer();
		await new Promise<void>(resolve => holder.listen({host: '127.0.0.1', port}, resolve));
		try {
			await world.setTunnels({socks: {host: 'testhost', dynamic: [port]}});
			const up = await world.run(['up', 'socks']);
			assert.equal(up.exitCode, 1);
			assert.match(up.stderr, new RegExp(`^error: socks: port ${port} on 127\\.0\\.0\\.1 is taken by pid ${process.pid} \\(.*\\); nothing was started$`, 'm'));
			assert.deepEqual(world.masters('socks'), []);
		} finally {
			await new Promise<void>(resolve => holder.close(() => resolve()));
		}
	});

	test('a socket file left by a master that was killed, or one that exited, does not block the next start; a regular file does', T, async () => {
		assert.ok(world);
		const socketPath = path.join(world.sandbox.dir, 'left.sock');
		await world.setTunnels({socks: {host: 'testhost', dynamic: [socketPath]}});
		const first = await world.run(['up', 'socks']);
		assert.equal(first.exitCode, 0, first.stderr);
		const pid = upPid(first.stdout, 'socks');
		signal(pid, 'SIGKILL');
		assert.ok(await until(() => !isAlive(pid), 5000));

		// ssh never removes its listening socket file: it stays, nobody listens on it.
		assert.ok((await lstat(socketPath)).isSocket(), 'the killed master left its socket file');
		const again = await world.run(['up', 'socks']);
		assert.equal(again.exitCode, 0, again.stderr);
		assert.equal((await world.run(['down', 'socks'])).exitCode, 0);
		await assert.rejects(lstat(socketPath), {code: 'ENOENT'}, 'down removes the socket file the master leaves behind');
		const third = await world.run(['up', 'socks']);
		assert.equal(third.exitCode, 0, third.stderr);
		assert.equal((await world.status('socks')).state, 'up');
		assert.equal((await world.run(['down', 'socks'])).exitCode, 0);

		await rm(socketPath, {force: true});
		await writeFile(socketPath, 'not a socket\n');
		const refused = await world.run(['up', 'socks']);
		assert.equal(refused.exitCode, 1);
		assert.equal(refused.stderr, `error: socks: socket ${socketPath}: a file is there, and ssh would delete it to listen; nothing was started\n  hint: move it away, or pick another path\n`);
	});

	test('-R without a target: a SOCKS proxy on the server that connects from this side', T, async () => {
		assert.ok(world && sshd && origin);
		const port = await freePort();
		await world.setTunnels({rsocks: {host: 'testhost', remote: [port]}});
		assert.equal((await world.run(['print', '--minimal', 'rsocks'])).stdout, `ssh -F ${sshd.sshConfigFile} -f -N -R ${port} testhost\n`);
		const up = await world.run(['up', 'rsocks']);
		assert.equal(up.exitCode, 0, up.stderr);
		assert.match(up.stdout, new RegExp(`^rsocks up · pid \\d+ · R server:${port} \\(SOCKS\\) via testhost`, 'm'));
		masterPid = upPid(up.stdout, 'rsocks');

		// The "server" is this machine: its port is on 127.0.0.1, and the fetch comes out of our ssh.
		const fetched = await curlThrough(`127.0.0.1:${port}`, `http://127.0.0.1:${origin.port}/`);
		assert.equal(fetched.exitCode, 0, fetched.stderr);
		assert.equal(fetched.stdout, 'hello from behind the server\n');
		assert.deepEqual(origin.seen.at(-1), [masterPid], 'the connection came from our ssh master');

		const check = await world.run(['check', 'rsocks']);
		assert.equal(check.exitCode, 0, check.stdout);
		assert.match(check.stdout, new RegExp(`^pass  server port 127\\.0\\.0\\.1:${port}: accepts connections on the server$`, 'm'));
		masterPid = undefined;
	});
});
