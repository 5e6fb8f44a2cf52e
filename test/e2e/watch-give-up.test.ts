// A keeper gives up on a failure that retrying will not heal: an authentication refused by the real
// sshd on 127.0.0.1. It says why, stops starting, and `ls` says the tunnel needs a person, until the
// tunnel is edited (here: the right key). Every wait is bounded; the world's cleanup stops what is left.
import assert from 'node:assert/strict';
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, test} from 'node:test';
import {setTimeout as sleep} from 'node:timers/promises';
import {execa} from 'execa';
import {freePort, roundTrip} from '../support/echo-server.js';
import {useWorld} from '../support/tunnels.js';
import {startWatch} from '../support/watcher.js';

const T = {timeout: 90_000};

describe('a keeper gives up', () => {
	const setup = useWorld();

	test('authentication refused: gave up with ssh\'s reason, no retry, ls says needs you; an edit of the tunnel brings it back', T, async () => {
		const {world, sshd, echo} = setup();
		const stranger = path.join(world.sandbox.dir, 'stranger');
		await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'stranger', '-f', stranger], {stdin: 'ignore', timeout: 10_000});
		const wrongConfig = path.join(world.sandbox.dir, 'ssh_config_wrong_key');
		await writeFile(wrongConfig, (await readFile(sshd.sshConfigFile, 'utf8')).replaceAll(sshd.identityFile, stranger), {mode: 0o600});
		const port = await freePort();
		const tunnels = {denied: {host: 'testhost', restart: 'always', local: [`${port}:127.0.0.2:${echo.port}`]}};
		await world.setTunnels(tunnels, {sshConfig: wrongConfig});

		const watch = startWatch(world, ['--json']);
		try {
			const gaveUp = await watch.waitFor(event => event.kind === 'gave-up', 20_000);
			assert.equal(gaveUp.failure?.kind, 'ssh-failed');
			assert.equal(gaveUp.failure.failure?.kind, 'auth-failed');
			assert.match(gaveUp.failure.failure.line ?? '', /Permission denied/);

			// Three seconds on: no other attempt (a retry would have come after 1 s, then 2 s).
			await sleep(3000);
			assert.deepEqual(watch.events().map(event => event.kind), ['watching', 'gave-up']);
			const status = await world.status('denied') as Awaited<ReturnType<typeof world.status>> & {gaveUp?: {pid: number}};
			assert.equal(status.state, 'failed');
			assert.deepEqual(status.gaveUp, {pid: watch.pid});
			const ls = await world.run(['ls']);
			assert.match(ls.stdout, new RegExp(`needs you: .*pid ${watch.pid}, stopped retrying`));

			// The tunnel edited (the right key): its command line changed, the keeper tries again.
			await world.setTunnels(tunnels);
			await watch.waitFor(event => event.kind === 'started' && event.name === 'denied', 20_000);
			assert.equal(await roundTrip('127.0.0.1', port, 'back'), 'back');
		} finally {
			await watch.stop('SIGTERM');
		}
	});
});
