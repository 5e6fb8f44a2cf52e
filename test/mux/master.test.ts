// checkMaster and probeServer against a real ssh ControlMaster, connected to a throwaway sshd on 127.0.0.1.
import assert from 'node:assert/strict';
import {stat, writeFile} from 'node:fs/promises';
import {createServer, connect} from 'node:net';
import {join} from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {after, before, describe, test} from 'node:test';
import {execa} from 'execa';
import {listListeners} from '../../src/net/listeners.js';
import {checkMaster} from '../../src/mux/client.js';
import {requestForward, withForwardRequests} from '../../src/mux/forwards.js';
import {probeServer} from '../../src/mux/server-probe.js';
import {freePort} from '../support/echo-server.js';
import {isAlive} from '../support/processes.js';
import {startSshd, type TestSshd} from '../support/sshd.js';

describe('checkMaster against a real ssh master', () => {
	let sshd: TestSshd | undefined;
	let socket = '';
	let masterPid = 0;

	const ssh = (...args: readonly string[]) => {
		if (!sshd) throw new Error('no sshd');
		return execa('ssh', ['-F', sshd.sshConfigFile, ...args], {
			stdin: 'ignore',
			// A file, not a pipe: the backgrounded master inherits it and would hold a pipe open.
			stdout: 'ignore',
			stderr: {file: join(sshd.dir, 'ssh.log'), append: true},
			reject: false,
			timeout: 10_000,
		});
	};

	before(async () => {
		sshd = await startSshd();
		socket = join(sshd.dir, 'm.sock');
		const started = await ssh('-f', '-N', '-o', 'ControlMaster=yes', '-o', `ControlPath=${socket}`, '-o', 'ControlPersist=no', '--', sshd.host);
		assert.equal(started.exitCode, 0, 'ssh -f -N master did not start');
		// `ssh -O check` prints `Master running (pid=N)` on stderr: capture it this once.
		const check = await execa('ssh', ['-F', sshd.sshConfigFile, '-S', socket, '-O', 'check', '--', sshd.host], {reject: false, timeout: 10_000});
		const pid = /Master running \(pid=(\d+)\)/.exec(check.stderr);
		assert.ok(pid?.[1], `ssh -O check said: ${check.stderr}`);
		masterPid = Number(pid[1]);
	});

	after(async () => {
		if (masterPid > 0) {
			try {
				process.kill(masterPid, 'SIGCONT');
				process.kill(masterPid, 'SIGKILL');
			} catch {} // already gone
		}
		await sshd?.dispose();
	});

	test('alive, with the pid that `ssh -O check` reports', async t => {
		assert.deepEqual(await checkMaster(socket, 1000), {kind: 'alive', pid: masterPid});
		const times: number[] = [];
		for (let index = 0; index < 20; index++) {
			const started = performance.now();
			const result = await checkMaster(socket, 1000);
			times.push(performance.now() - started);
			assert.equal(result.kind, 'alive');
		}
		times.sort((a, b) => a - b);
		const sshStarted = performance.now();
		await execa('ssh', ['-F', sshd?.sshConfigFile ?? '', '-S', socket, '-O', 'check', '--', 'testhost'], {reject: false, timeout: 10_000});
		const sshMs = performance.now() - sshStarted;
		const parallel = performance.now();
		const fifty = await Promise.all(Array.from({length: 50}, () => checkMaster(socket, 1000)));
		const fiftyMs = performance.now() - parallel;
		assert.ok(fifty.every(result => result.kind === 'alive'));
		t.diagnostic(`checkMaster median ${times[10]?.toFixed(2)} ms (min ${times[0]?.toFixed(2)}, max ${times[19]?.toFixed(2)}) over 20; 50 at once ${fiftyMs.toFixed(1)} ms; one ssh -O check ${sshMs.toFixed(1)} ms`);
	});

	test('requestForward opens and closes forwards on the live master: held by its PID, bytes through, a taken port refused', async () => {
		assert.ok(sshd);
		const port = await freePort();
		const entry = {kind: 'local', forward: {listen: {kind: 'tcp', bind: '127.0.0.1', port}, target: {kind: 'tcp', host: sshd.address, port: sshd.port}}} as const;
		const heldByMaster = async () => (await listListeners({ownersAmong: [masterPid]})).some(listener => listener.kind === 'tcp' && listener.port === port);
		assert.deepEqual(await requestForward(socket, 'open', entry, 2000), {kind: 'ok'});
		assert.ok(await heldByMaster());
		// The forward reaches sshd itself: its banner comes back through the master.
		assert.match(await firstLine(port), /^SSH-2\.0-OpenSSH/);
		// The same forward again is no error (mux.c answers a duplicate with OK).
		assert.deepEqual(await requestForward(socket, 'open', entry, 2000), {kind: 'ok'});
		assert.deepEqual(await requestForward(socket, 'close', entry, 2000), {kind: 'ok'});
		assert.equal(await heldByMaster(), false);
		assert.deepEqual(await requestForward(socket, 'close', entry, 2000), {kind: 'failure', reason: 'port not forwarded'});
		const taken = createServer();
		await new Promise<void>(resolve => taken.listen(port, '127.0.0.1', resolve));
		try {
			assert.deepEqual(await requestForward(socket, 'open', entry, 2000), {kind: 'failure', reason: 'Port forwarding failed'});
		} finally {
			taken.close();
		}
		const remote = await requestForward(socket, 'open', {kind: 'remote', forward: {listen: {kind: 'tcp', bind: '127.0.0.1', port: 0}, target: {kind: 'tcp', host: '127.0.0.1', port: 9}}}, 2000);
		assert.equal(remote.kind, 'remote-port');
		assert.deepEqual(await requestForward(join(sshd.dir, 'nothing.sock'), 'open', entry, 2000), {kind: 'unreachable', detail: `cannot connect to ${join(sshd.dir, 'nothing.sock')}: ENOENT`});
	});

	test('withForwardRequests: many requests on one connection, one by one or all at once, a refused one in between, each answered for itself', async () => {
		assert.ok(sshd);
		const ports = await Promise.all([freePort(), freePort(), freePort()]);
		const entryOf = (port: number) => ({kind: 'local', forward: {listen: {kind: 'tcp', bind: '127.0.0.1', port}, target: {kind: 'tcp', host: sshd!.address, port: sshd!.port}}} as const);
		const taken = createServer();
		await new Promise<void>(resolve => taken.listen(ports[1], '127.0.0.1', resolve));
		try {
			const opened = await withForwardRequests(socket, 2000, async ask => [await ask('open', entryOf(ports[0]!)), await ask('open', entryOf(ports[1]!)), await ask('open', entryOf(ports[2]!))]);
			assert.deepEqual(opened, [{kind: 'ok'}, {kind: 'failure', reason: 'Port forwarding failed'}, {kind: 'ok'}]);
		} finally {
			taken.close();
		}

		const held = (await listListeners({ownersAmong: [masterPid]})).filter(listener => listener.kind === 'tcp' && listener.pids.includes(masterPid)).map(listener => listener.kind === 'tcp' ? listener.port : 0);
		assert.ok(held.includes(ports[0]!) && held.includes(ports[2]!) && !held.includes(ports[1]!), `held: ${held.join(' ')}`);
		const closed = await withForwardRequests(socket, 2000, async ask => [await ask('close', entryOf(ports[0]!)), await ask('close', entryOf(ports[2]!))]);
		assert.deepEqual(closed, [{kind: 'ok'}, {kind: 'ok'}]);
		// Asked all at once, without waiting for each answer: the master answers each in order.
		const taken2 = createServer();
		await new Promise<void>(resolve => taken2.listen(ports[1], '127.0.0.1', resolve));
		try {
			const atOnce = await withForwardRequests(socket, 2000, async ask => Promise.all([ask('open', entryOf(ports[0]!)), ask('open', entryOf(ports[1]!)), ask('open', entryOf(ports[2]!)), ask('close', entryOf(ports[0]!)), ask('close', entryOf(ports[2]!))]));
			assert.deepEqual(atOnce, [{kind: 'ok'}, {kind: 'failure', reason: 'Port forwarding failed'}, {kind: 'ok'}, {kind: 'ok'}, {kind: 'ok'}]);
		} finally {
			taken2.close();
		}

		assert.deepEqual((await listListeners({ownersAmong: [masterPid]})).filter(listener => listener.kind === 'tcp' && listener.pids.includes(masterPid) && ports.includes(listener.port)), [], 'nothing left open');
		const nothing = join(sshd.dir, 'nothing.sock');
		assert.deepEqual(await withForwardRequests(nothing, 2000, async ask => [await ask('open', entryOf(ports[0]!)), await ask('close', entryOf(ports[0]!))]), [{kind: 'unreachable', detail: `cannot connect to ${nothing}: ENOENT`}, {kind: 'unreachable', detail: `cannot connect to ${nothing}: ENOENT`}]);
	});

	test('timeout within the bound while the master is stopped, even past its listen backlog', async t => {
		process.kill(masterPid, 'SIGSTOP');
		try {
			const started = performance.now();
			assert.deepEqual(await checkMaster(socket, 300), {kind: 'timeout'});
			const elapsed = performance.now() - started;
			assert.ok(elapsed >= 295 && elapsed < 500, `took ${elapsed} ms`);
			// mux.c listens with a backlog of 64; connections we gave up on stay queued, so a status
			// loop on a frozen master fills the queue and the kernel then fails connect with EAGAIN.
			const burst = performance.now();
			const many = await Promise.all(Array.from({length: 80}, () => checkMaster(socket, 300)));
			const burstMs = performance.now() - burst;
			assert.deepEqual(new Set(many.map(result => result.kind)), new Set(['timeout']));
			assert.ok(burstMs < 600, `80 checks took ${burstMs} ms`);
			t.diagnostic(`stopped master: one check ${elapsed.toFixed(0)} ms, 80 at once ${burstMs.toFixed(0)} ms`);
		} finally {
			process.kill(masterPid, 'SIGCONT');
		}
		// Once running again it drains the dead connections and answers.
		assert.deepEqual(await checkMaster(socket, 2000), {kind: 'alive', pid: masterPid});
	});

	test('probeServer: the server answers through the master, leaves nothing listening, and a frozen one times out', async t => {
		assert.ok(sshd);
		const sessions = await sshd.sessionPids();
		assert.ok(sessions.length > 0);
		const listening = async () => (await listListeners({ownersAmong: sessions})).map(listener => (listener.kind === 'tcp' ? `${listener.address}:${listener.port}` : listener.path)).sort();
		const before = await listening();
		const started = performance.now();
		assert.deepEqual(await probeServer(socket, 2000), {kind: 'answered'});
		const oneMs = performance.now() - started;
		const fifty = await Promise.all(Array.from({length: 50}, async () => probeServer(socket, 2000)));
		assert.ok(fifty.every(result => result.kind === 'answered'));
		assert.deepEqual(await listening(), before);
		for (const pid of sessions) process.kill(pid, 'SIGSTOP');
		try {
			assert.deepEqual(await probeServer(socket, 500), {kind: 'timeout'});
			// The master itself still answers: only a round trip to the server tells.
			assert.equal((await checkMaster(socket, 500)).kind, 'alive');
		} finally {
			for (const pid of sessions) process.kill(pid, 'SIGCONT');
		}

		assert.deepEqual(await probeServer(socket, 2000), {kind: 'answered'});
		t.diagnostic(`probeServer: one ${oneMs.toFixed(1)} ms`);
	});

	test('refused after SIGKILL: the socket file stays behind', async () => {
		process.kill(masterPid, 'SIGKILL');
		// Its parent is PID 1 (ssh -f daemonized): it may stay a zombie, which still counts as dead.
		for (let waited = 0; isAlive(masterPid) && waited < 2000; waited += 20) await sleep(20);
		assert.equal(isAlive(masterPid), false);
		masterPid = 0;
		assert.ok((await stat(socket)).isSocket());
		assert.deepEqual(await checkMaster(socket, 1000), {kind: 'refused'});
	});

	test('a missing path, and a regular file where the socket should be', async () => {
		const dir = sshd?.dir ?? '';
		assert.deepEqual(await checkMaster(join(dir, 'absent.sock'), 1000), {kind: 'missing'});
		const file = join(dir, 'file.sock');
		await writeFile(file, 'not a socket');
		// connect(2) on a non-socket fails with ECONNREFUSED on Linux, like a stale socket; only a
		// stat tells them apart, and a file there is not a master that died.
		assert.deepEqual(await checkMaster(file, 1000), {kind: 'not-a-master', detail: `${file} is a regular file, not a socket`});
	});
});

/** The first line a TCP server sends (an SSH banner), bounded. */
function firstLine(port: number): Promise<string> {
	return new Promise((resolve, reject) => {
		const socket = connect({host: '127.0.0.1', port});
		const timer = setTimeout(() => { socket.destroy(); reject(new Error('no banner within 3 s')); }, 3000);
		let text = '';
		socket.on('data', chunk => {
			text += chunk.toString('latin1');
			if (text.includes('\n')) {
				clearTimeout(timer);
				socket.destroy();
				resolve(text.split('\n')[0]!);
			}
		});
		socket.on('error', error => { clearTimeout(timer); reject(error); });
	});
}
