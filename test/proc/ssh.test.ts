import assert from 'node:assert/strict';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {probeChannel, querySsh, runSsh} from '../../src/proc/ssh.js';
import {freePort, startEchoServer, type EchoServer} from '../support/echo-server.js';
import {isAlive, processTable, signal, until} from '../support/processes.js';
import {startSshd, type TestSshd} from '../support/sshd.js';

const T = {timeout: 30_000};
const none = {kind: 'none'} as const;

test('querySsh: stdout and exit status of a short ssh; a missing program and a timeout are values', async () => {
	const dump = await querySsh(['ssh', '-F', 'none', '-T', '-G', '--', 'example.invalid'], 5000);
	assert.equal(dump.exitCode, 0, dump.stderr);
	assert.match(dump.stdout, /^hostname example\.invalid$/m);
	assert.equal(dump.timedOut, false);

	const failed = await querySsh(['ssh', '-F', '/nonexistent/config', '-T', '-G', '--', 'x'], 5000);
	assert.equal(failed.exitCode, 255);
	assert.match(failed.stderr, /Can't open user config file \/nonexistent\/config/);

	const missing = await querySsh(['/nonexistent/ssh', '-G', 'x'], 5000);
	assert.equal(missing.exitCode, 255);
	assert.match(missing.stderr, /^\/nonexistent\/ssh: .*ENOENT/);

	const slow = await querySsh(['sleep', '5'], 100);
	assert.equal(slow.timedOut, true);
	assert.equal(slow.exitCode, 255);
});

test('runSsh: exit status, stdout and stderr; a missing program and a timeout are values', T, async () => {
	const done = await runSsh(['sh', '-c', 'echo out; echo err >&2; exit 3'], {timeoutMs: 5000, prompt: none});
	assert.deepEqual(done, {exitCode: 3, stdout: 'out', stderr: 'err', timedOut: false});

	const missing = await runSsh(['/nonexistent/ssh', '-V'], {timeoutMs: 5000, prompt: none});
	assert.equal(missing.exitCode, 255);
	assert.match(missing.stderr, /^\/nonexistent\/ssh: .*ENOENT/);
	assert.equal(missing.timedOut, false);

	// One argument longer than the kernel takes (MAX_ARG_STRLEN, 128 kB): Node throws instead of reporting.
	const huge = await runSsh(['ssh', '-G', 'x'.repeat(200_000)], {timeoutMs: 5000, prompt: none});
	assert.equal(huge.exitCode, 255);
	assert.match(huge.stderr, /^ssh: .*E2BIG/);

	const slow = await runSsh(['sleep', '5'], {timeoutMs: 100, prompt: none});
	assert.equal(slow.timedOut, true);
	assert.equal(slow.exitCode, 255);
});

test('runSsh: returns when the program exits, though a child it left behind still holds its stderr', T, async () => {
	// What ProxyJump does: ssh's `ssh -W` child inherits ssh's stderr and outlives it (design.md, Facts).
	// 30000 lines (~170 kB, more than a pipe holds) written just before the exit: all of them are read.
	const run = await runSsh(['sh', '-c', 'sleep 60 >&2 & echo "child $!" >&2; seq 1 30000 >&2; exit 3'], {timeoutMs: 20_000, prompt: none});
	const child = Number(/child (\d+)/.exec(run.stderr)?.[1]);
	try {
		assert.equal(run.exitCode, 3);
		assert.equal(run.timedOut, false);
		const lines = run.stderr.split('\n');
		assert.equal(lines.length, 30_001);
		assert.equal(lines.at(-1), '30000');
		assert.ok(isAlive(child), 'the child that holds the pipe still runs: runSsh did not wait for it');
	} finally {
		signal(child, 'SIGKILL');
	}
});

describe('ssh through a jump host (ProxyJump), on the loopback sshd', () => {
	let sshd: TestSshd | undefined;
	let echo: EchoServer | undefined;
	before(async () => {
		[sshd, echo] = await Promise.all([startSshd(), startEchoServer()]);
	});
	after(async () => {
		await Promise.allSettled([sshd?.dispose(), echo?.close()]);
	});

	/** ssh processes (not zombies) that use this test's client config, as /proc shows them. */
	const ours = () => processTable().filter(p => p.name === 'ssh' && p.state !== 'Z' && p.argv.includes(sshd!.sshConfigFile));

	test('runSsh of `ssh -f -N -J` returns when ssh is in the background; the jump child ends with the master', T, async () => {
		assert.ok(sshd);
		const socket = join(sshd.dir, 'jump.sock');
		const argv = [
			'ssh', '-F', sshd.sshConfigFile, '-f', '-N', '-J', sshd.host,
			'-o', 'ExitOnForwardFailure=yes', '-o', 'ControlMaster=yes', '-o', `ControlPath=${socket}`, '-o', 'ControlPersist=no',
			'-L', `${await freePort()}:127.0.0.1:${echo!.port}`, '--', '127.0.0.1',
		];
		const run = await runSsh(argv, {timeoutMs: 20_000, prompt: none});
		try {
			assert.equal(run.exitCode, 0, run.stderr);
			const jumpChild = ours().find(p => p.argv.includes('-W'));
			assert.ok(jumpChild, 'ssh started its `ssh -W` jump child, which holds the pipe runSsh read');
			const stop = await runSsh(['ssh', '-F', sshd.sshConfigFile, '-S', socket, '-O', 'exit', '--', '127.0.0.1'], {timeoutMs: 10_000, prompt: none});
			assert.equal(stop.exitCode, 0, stop.stderr);
			assert.ok(await until(() => ours().length === 0, 5000), `left running: ${JSON.stringify(ours().map(p => p.argv))}`);
		} finally {
			for (const p of ours()) signal(p.pid, 'SIGKILL');
		}
	});

	test('probeChannel through a jump host: open, and nothing left running', T, async () => {
		assert.ok(sshd && echo);
		const argv = ['ssh', '-F', sshd.sshConfigFile, '-vv', '-o', 'ControlMaster=no', '-o', 'ControlPath=none', '-J', sshd.host, '-W', `127.0.0.1:${echo.port}`, '--', '127.0.0.1'];
		try {
			assert.deepEqual(await probeChannel(argv, 20_000), {kind: 'open'});
			assert.ok(await until(() => ours().length === 0, 5000), `left running: ${JSON.stringify(ours().map(p => p.argv))}`);
		} finally {
			for (const p of ours()) signal(p.pid, 'SIGKILL');
		}
	});
});
