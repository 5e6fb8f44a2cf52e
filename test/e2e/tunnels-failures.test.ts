// Failures of `tunnels up` with real OpenSSH: a clear message, exit status 1, and nothing left behind
// (no process, no socket file). The real binary against a real sshd on 127.0.0.1.
import assert from 'node:assert/strict';
import {existsSync} from 'node:fs';
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, test} from 'node:test';
import {execa} from 'execa';
import {freePort, roundTrip, waitForPort} from '../support/echo-server.js';
import {upPid, useWorld} from '../support/tunnels.js';
import {isAlive} from '../support/processes.js';

const T = {timeout: 60_000};

describe('tunnels up failures against a real sshd', () => {
	const setup = useWorld();

	/** A failed `up` leaves no ssh and no socket file, and `ls` says it failed. */
	async function assertNothingLeft(name: string): Promise<void> {
		const {world} = setup();
		assert.deepEqual(world.masters(name), [], `${name}: no ssh process`);
		assert.equal(existsSync(world.controlPath(name)), false, `${name}: no socket file`);
	}

	test('a port taken by another program: who holds it, exit 1, nothing spawned', T, async () => {
		const {world, echo: b} = setup();
		const port = await freePort();
		const holder = execa(process.execPath, ['-e', `require('net').createServer().listen(${port}, '127.0.0.1')`], {reject: false, stdin: 'ignore'});
		try {
			await waitForPort('127.0.0.1', port, 10_000);
			assert.equal(holder.exitCode, null, 'the holder runs');
			await world.setTunnels({busy: {host: 'testhost', local: [`${port}:127.0.0.2:${b.port}`]}});
			const up = await world.run(['up', 'busy']);
			assert.equal(up.exitCode, 1, up.stderr);
			assert.equal(up.stdout, '');
			assert.match(up.stderr, new RegExp(`^error: busy: port ${port} on 127\\.0\\.0\\.1 is taken by pid ${holder.pid} \\(.*node.*\\); nothing was started$`, 'm'));
			await assertNothingLeft('busy');
		} finally {
			holder.kill('SIGKILL');
			await holder;
		}
	});

	test('a port taken by another tunnel names the tunnel; the first one keeps running', T, async () => {
		const {world, echo: b} = setup();
		const port = await freePort();
		await world.setTunnels({
			first: {host: 'testhost', local: [`${port}:127.0.0.2:${b.port}`]},
			second: {host: 'testhost', local: [`${port}:127.0.0.3:${b.port}`]},
		});
		const first = await world.run(['up', 'first']);
		assert.equal(first.exitCode, 0, first.stderr);
		const pid = upPid(first.stdout, 'first');
		const second = await world.run(['up', 'second']);
		assert.equal(second.exitCode, 1);
		assert.match(second.stderr, new RegExp(`^error: second: port ${port} on 127\\.0\\.0\\.1 is taken by tunnel 'first' \\(pid ${pid}\\); nothing was started$`, 'm'));
		await assertNothingLeft('second');
		assert.deepEqual(world.masters('first'), [pid]);
		assert.equal(await roundTrip('127.0.0.1', port, 'still first'), 'still first');
	});

	test('authentication failure: a clear message, exit 1, nothing left, ls says failed', T, async () => {
		const {world, sshd, echo: b} = setup();
		// The test client config with a key the server does not know.
		const stranger = path.join(world.sandbox.dir, 'stranger');
		await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'stranger', '-f', stranger], {stdin: 'ignore', timeout: 10_000});
		const wrongConfig = path.join(world.sandbox.dir, 'ssh_config_wrong_key');
		await writeFile(wrongConfig, (await readFile(sshd.sshConfigFile, 'utf8')).replaceAll(sshd.identityFile, stranger), {mode: 0o600});
		const port = await freePort();
		await world.setTunnels({denied: {host: 'testhost', local: [`${port}:127.0.0.2:${b.port}`]}});

		const up = await world.run(['up', 'denied'], {TUNNELS_SSH_CONFIG: wrongConfig});
		assert.equal(up.exitCode, 1);
		assert.equal(up.stdout, '');
		assert.match(up.stderr, /^error: denied: authentication failed$/m);
		assert.match(up.stderr, /Permission denied \(publickey\)/, 'ssh\'s own words are kept');
		await assertNothingLeft('denied');
		const status = await world.status('denied');
		assert.equal(status.state, 'failed');
		assert.equal(status.failure?.kind, 'auth-failed');
	});

	test('the target service is down: the tunnel is still up, connections through it are closed', T, async () => {
		const {world} = setup();
		const [port, nothing] = await Promise.all([freePort(), freePort('127.0.0.2')]);
		await world.setTunnels({'no-target': {host: 'testhost', local: [`${port}:127.0.0.2:${nothing}`]}});
		const up = await world.run(['up', 'no-target']);
		assert.equal(up.exitCode, 0, up.stderr);
		const pid = upPid(up.stdout, 'no-target');
		// ssh accepts locally, the server's connect is refused, ssh closes (or resets) the connection: nothing comes back.
		const reply = await roundTrip('127.0.0.1', port, 'anyone there?').catch((error: Error) => (/ECONNRESET/.test(error.message) ? '' : Promise.reject(error)));
		assert.equal(reply, '');
		const status = await world.status('no-target');
		assert.equal(status.state, 'up');
		assert.equal(status.pid, pid);
		assert.equal(isAlive(pid), true);

		const check = await world.run(['check', 'no-target', '--json']);
		assert.equal(check.exitCode, 1, check.stderr);
		const steps = (JSON.parse(check.stdout) as {steps: Array<{label: string; result: {kind: string; detail: string}}>}).steps;
		const byLabel = (prefix: string) => steps.find(step => step.label.startsWith(prefix))?.result;
		const {sshd} = setup();
		// ssh -G resolves the alias the way ssh does: the test sshd's address, port and user.
		assert.deepEqual(byLabel('destination testhost (ssh -G)'), {kind: 'pass', detail: `${sshd.user}@127.0.0.1:${sshd.port}`});
		assert.equal(byLabel('process')?.kind, 'pass', check.stdout);
		assert.equal(byLabel('control socket')?.kind, 'pass', check.stdout);
		assert.equal(byLabel('listener')?.kind, 'pass', check.stdout);
		const target = byLabel(`target 127.0.0.2:${nothing}`);
		assert.equal(target?.kind, 'fail', check.stdout);
		assert.match(target?.detail ?? '', /the target refuses/);
	});

	// Last: it stops the server.
	test('sshd not running: connection refused, exit 1, nothing left', T, async () => {
		const {world, sshd, echo: b} = setup();
		const port = await freePort();
		await world.setTunnels({nobody: {host: 'testhost', local: [`${port}:127.0.0.2:${b.port}`]}});
		await sshd.stop();
		const up = await world.run(['up', 'nobody']);
		assert.equal(up.exitCode, 1);
		assert.equal(up.stdout, '');
		assert.match(up.stderr, /^error: nobody: the server refused the connection: no sshd listens there$/m);
		assert.match(up.stderr, new RegExp(`connect to host 127\\.0\\.0\\.1 port ${sshd.port}: Connection refused`));
		await assertNothingLeft('nobody');
	});
});
