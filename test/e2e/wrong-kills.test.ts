// Issue 13's wrong kills, end to end against a real sshd: a session multiplexed on a tunnel's own
// socket is no second master (item 3); a `down` racing an `up` wins (item 7).
import assert from 'node:assert/strict';
import {spawn, type ChildProcess} from 'node:child_process';
import {describe, test} from 'node:test';
import {freePort} from '../support/echo-server.js';
import {isAlive, processTable, signal, until} from '../support/processes.js';
import {upPid, useWorld} from '../support/tunnels.js';

const T = {timeout: 60_000};

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
});
