// Issue 13's wrong kills, end to end against a real sshd: a session multiplexed on a tunnel's own
// socket is no second master (item 3); a `down` racing an `up` wins (item 7).
import assert from 'node:assert/strict';
import {spawn, type ChildProcess} from 'node:child_process';
import {mkdir, rm, writeFile} from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import {describe, test} from 'node:test';
import {freePort} from '../support/echo-server.js';
import {isAlive, processTable, signal, until} from '../support/processes.js';
import {upPid, useWorld} from '../support/tunnels.js';

const T = {timeout: 60_000};

/** A TCP server that accepts and never says a word: an ssh connecting to it waits, as at a prompt. */
async function silentServer(): Promise<{readonly port: number; close(): void}> {
	const sockets: net.Socket[] = [];
	const server = net.createServer(socket => sockets.push(socket));
	await new Promise<void>(resolve => server.listen({host: '127.0.0.1', port: 0}, resolve));
	return {
		port: (server.address() as net.AddressInfo).port,
		close() {
			for (const socket of sockets) socket.destroy();
			server.close();
		},
	};
}

describe('wrong kills (issue 13)', () => {
	const setup = useWorld();

	test('a session sharing a tunnel\'s socket (ControlMaster=auto) is not a duplicate: ls says up, prune --yes kills neither (item 3)', T, async () => {
		const {sshd, echo, world} = setup();
		const port = await freePort();
		await world.setTunnels({db: {host: 'testhost', local: [`${port}:127.0.0.2:${echo.port}`]}});
		const up = await world.run(['up', 'db']);
		assert.equal(up.exitCode, 0, up.stderr);
		const master = upPid(up.stdout, 'db');

		// The remote command runs on this same machine: its argv tells when the session is in.
		const remote = 'sleep 597';
		let session: ChildProcess | undefined;
		try {
			session = spawn('ssh', ['-F', sshd.sshConfigFile, '-o', 'ControlMaster=auto', '-o', `ControlPath=${world.controlPath('db')}`, 'testhost', ...remote.split(' ')], {stdio: 'ignore'});
			world.track(session.pid!);
			assert.ok(await until(() => processTable().some(p => p.argv.join(' ') === remote), 10_000), 'the session runs its remote command');

			const status = await world.status('db');
			assert.equal(status.state, 'up', JSON.stringify(status));
			const prune = await world.run(['prune', '--yes']);
			assert.equal(prune.exitCode, 0, `${prune.stdout}${prune.stderr}`);
			assert.ok(isAlive(master), `the tunnel survives prune:\n${prune.stdout}`);
			assert.ok(isAlive(session.pid!), `the session survives prune:\n${prune.stdout}`);
			const kill = await world.run(['kill', String(session.pid)]);
			assert.notEqual(kill.exitCode, 0, kill.stdout);
			assert.ok(isAlive(session.pid!), `tunnels kill refuses the session:\n${kill.stdout}${kill.stderr}`);
		} finally {
			if (session?.pid !== undefined && isAlive(session.pid)) signal(session.pid, 'SIGKILL');
			for (const p of processTable().filter(p => p.argv.join(' ') === remote)) signal(p.pid, 'SIGKILL');
		}
	});

	test('down issued 50 ms after up wins: nothing is left running, and the tunnel reads down (item 7)', T, async () => {
		const {echo, world} = setup();
		const port = await freePort();
		await world.setTunnels({db: {host: 'testhost', local: [`${port}:127.0.0.2:${echo.port}`]}});
		const upping = world.run(['up', 'db']);
		await new Promise(resolve => setTimeout(resolve, 50));
		const down = await world.run(['down', 'db']);
		const up = await upping;
		// Give a start that lost the race the time to have come up anyway, had it not undone itself.
		await new Promise(resolve => setTimeout(resolve, 1000));
		const said = `up: ${up.stdout}${up.stderr}\ndown: ${down.stdout}${down.stderr}`;
		assert.deepEqual(world.masters('db'), [], `nothing runs after down:\n${said}`);
		assert.equal((await world.status('db')).state, 'down', said);
	});

	test('a start held at a prompt past the 30 s grace, its start lock held by a live process, is starting: prune --yes leaves it (item 2)', {timeout: 90_000}, async () => {
		const {world} = setup();
		const silent = await silentServer();
		const port = await freePort();
		await world.setTunnels({db: {host: '127.0.0.1', port: silent.port, options: {ConnectTimeout: '120'}, local: [`${port}:127.0.0.2:9`]}});
		const printed = await world.run(['print', 'db', '--json']);
		assert.equal(printed.exitCode, 0, printed.stderr);
		const argv = JSON.parse(printed.stdout) as string[];
		// The start lock as a live `up` holds it (a bare PID: this test's process), and that up's ssh,
		// waiting before its control socket exists.
		const lock = path.join(world.runtimeDir, '.state', 'db.lock');
		await mkdir(path.dirname(lock), {recursive: true, mode: 0o700});
		await writeFile(lock, String(process.pid), {mode: 0o600});
		const ssh = spawn(argv[0]!, argv.slice(1), {stdio: 'ignore'});
		try {
			world.track(ssh.pid!);
			await new Promise(resolve => setTimeout(resolve, 31_000));
			assert.ok(isAlive(ssh.pid!), 'ssh still waits');
			const status = await world.status('db');
			assert.equal(status.state, 'starting', JSON.stringify(status));
			const prune = await world.run(['prune', '--yes']);
			assert.ok(isAlive(ssh.pid!), `prune left the start alone:\n${prune.stdout}${prune.stderr}`);
		} finally {
			if (isAlive(ssh.pid!)) signal(ssh.pid!, 'SIGKILL');
			await rm(lock, {force: true});
			silent.close();
		}
	});
});
