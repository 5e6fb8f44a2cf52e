import assert from 'node:assert/strict';
import {existsSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {after, before, describe, test} from 'node:test';
import {execa} from 'execa';
import {canConnect, freePort, roundTrip, startEchoServer, waitForPort, type EchoServer} from './echo-server.js';
import {isAlive} from './processes.js';
import {startSshd, type TestSshd} from './sshd.js';

const T = {timeout: 30_000};

/** `ssh -F cfg -N -o ExitOnForwardFailure=yes -L PORT:127.0.0.1:TARGET -- testhost` in the foreground, up once PORT accepts. */
async function forward(sshd: TestSshd, targetPort: number) {
	const port = await freePort();
	const ssh = execa('ssh', ['-F', sshd.sshConfigFile, '-N', '-o', 'ExitOnForwardFailure=yes', '-L', `${port}:127.0.0.1:${targetPort}`, '--', sshd.host], {
		reject: false,
		stdin: 'ignore',
	});
	const exitedEarly = ssh.then(result => {
		throw new Error(`ssh exited before forwarding (${result.exitCode}): ${result.stderr}`);
	});
	exitedEarly.catch(() => {}); // it rejects too when ssh is killed at the end of the test
	try {
		await Promise.race([waitForPort('127.0.0.1', port), exitedEarly]);
	} catch (error) {
		ssh.kill('SIGKILL');
		await ssh;
		throw error;
	}
	return {port, ssh};
}

async function sshTrue(sshd: TestSshd, destination: string) {
	return execa('ssh', ['-F', sshd.sshConfigFile, '--', destination, 'true'], {reject: false, stdin: 'ignore', timeout: 15_000});
}

/**
 * `ssh -W 127.0.0.1:PORT -- destination`: stdin to the echo server and back, without starting a
 * remote shell (which costs ~0.5 s here: bash sources root's ~/.bashrc under sshd).
 */
async function sshEcho(sshd: TestSshd, destination: string, echoPort: number) {
	return execa('ssh', ['-F', sshd.sshConfigFile, '-W', `127.0.0.1:${echoPort}`, '--', destination], {reject: false, input: 'ping', timeout: 15_000});
}

describe('test sshd', () => {
	let sshd: TestSshd | undefined;
	let echo: EchoServer | undefined;
	before(async () => {
		[sshd, echo] = await Promise.all([startSshd(), startEchoServer()]);
	});
	after(async () => {
		await Promise.allSettled([sshd?.dispose(), echo?.close()]);
	});

	test('ssh through the client config reaches the server, by alias and by address', T, async () => {
		assert.ok(sshd && echo);
		const byAlias = await sshTrue(sshd, 'testhost');
		assert.equal(byAlias.exitCode, 0, byAlias.stderr);
		const byAddress = await sshEcho(sshd, '127.0.0.1', echo.port);
		assert.equal(byAddress.exitCode, 0, byAddress.stderr);
		assert.equal(byAddress.stdout, 'ping');
		assert.equal(sshd.user.length > 0, true);
		assert.match(await readFile(sshd.knownHostsFile, 'utf8'), new RegExp(`^\\[127\\.0\\.0\\.1\\]:${sshd.port}\\S* ssh-ed25519 `));
	});

	test('a local forward carries bytes to the echo server; its session is listed', T, async () => {
		assert.ok(sshd && echo);
		const {port, ssh} = await forward(sshd, echo.port);
		try {
			assert.equal(await roundTrip('127.0.0.1', port, 'hello through ssh'), 'hello through ssh');
			const sessions = await sshd.sessionPids();
			assert.ok(sessions.length > 0, 'a connected client has a session process');
			assert.ok(sessions.every(isAlive));
		} finally {
			ssh.kill('SIGTERM');
			await ssh;
		}
	});

	test('stop() closes the port and keeps sessions; restart() listens again on the same port', T, async () => {
		assert.ok(sshd && echo);
		const {port, ssh} = await forward(sshd, echo.port);
		try {
			const oldPid = sshd.pid;
			const sessionsBefore = await sshd.sessionPids();
			await sshd.stop();
			assert.equal(await canConnect('127.0.0.1', sshd.port, 500), false);
			assert.equal(isAlive(oldPid), false);
			// Established connections outlive the listener, as with a real sshd restart.
			assert.equal(await roundTrip('127.0.0.1', port, 'still here'), 'still here');
			const sessionsAfter = await sshd.sessionPids();
			assert.ok(sessionsAfter.length > 0, 'sessions outlive the listener');
			assert.ok(sessionsAfter.every(pid => sessionsBefore.includes(pid)), `${sessionsAfter} within ${sessionsBefore}`);

			await sshd.restart();
			assert.notEqual(sshd.pid, oldPid);
			assert.ok(isAlive(sshd.pid));
			const result = await sshEcho(sshd, 'testhost', echo.port);
			assert.equal(result.exitCode, 0, result.stderr);
			assert.equal(result.stdout, 'ping');
		} finally {
			ssh.kill('SIGTERM');
			await ssh;
		}
	});
});

test('dispose() ends the listener, every session, even a frozen one, and removes the dir', T, async () => {
	const sshd = await startSshd({gatewayPorts: 'clientspecified', allowTcpForwarding: 'local', extraConfig: ['MaxStartups 50']});
	let ssh: Awaited<ReturnType<typeof forward>>['ssh'] | undefined;
	const echo = await startEchoServer();
	try {
		const effective = await execa('/usr/sbin/sshd', ['-T', '-C', 'user=root,host=x,addr=127.0.0.1', '-f', `${sshd.dir}/sshd_config`], {reject: false});
		assert.match(effective.stdout, /^gatewayports clientspecified$/m, effective.stderr);
		assert.match(effective.stdout, /^allowtcpforwarding local$/m);
		assert.match(effective.stdout, /^maxstartups 50:/m);

		({ssh} = await forward(sshd, echo.port));
		const sessions = await sshd.sessionPids();
		assert.ok(sessions.length > 0);
		for (const pid of sessions) {
			try {
				process.kill(pid, 'SIGSTOP');
			} catch {} // the pre-authentication child may just have exited
		}
		const pids = [sshd.pid, ...sessions];

		await sshd.dispose();
		for (const pid of pids) assert.throws(() => process.kill(pid, 0), {code: 'ESRCH'}, `pid ${pid} is gone, not even a zombie`);
		assert.equal(existsSync(sshd.dir), false);
		const result = await ssh;
		assert.notEqual(result.exitCode, 0, 'the client lost its server');
	} finally {
		ssh?.kill('SIGKILL');
		await Promise.allSettled([sshd.dispose(), echo.close()]);
	}
});

test('sessions orphaned by stop() are still found and ended by dispose()', T, async () => {
	const [sshd, echo] = await Promise.all([startSshd(), startEchoServer()]);
	let ssh: Awaited<ReturnType<typeof forward>>['ssh'] | undefined;
	try {
		({ssh} = await forward(sshd, echo.port));
		await sshd.stop();
		const orphans = await sshd.sessionPids();
		assert.ok(orphans.length > 0);
		await sshd.dispose();
		// Their parent is gone, so where PID 1 does not reap they remain as zombies: dead all the same.
		for (const pid of orphans) assert.equal(isAlive(pid), false, `pid ${pid}`);
		await ssh;
	} finally {
		ssh?.kill('SIGKILL');
		await Promise.allSettled([sshd.dispose(), echo.close()]);
	}
});

test('a start that fails says why, with the tail of the sshd log, and leaves nothing behind', T, async () => {
	await assert.rejects(startSshd({extraConfig: ['NoSuchOption yes']}), (error: Error) => {
		assert.match(error.message, /did not start: sshd exited/);
		assert.match(error.message, /Bad configuration option: NoSuchOption/);
		return true;
	});
});
