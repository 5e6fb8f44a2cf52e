// Two profile files with one TUNNELS_RUNTIME_DIR (the tool's own hint suggests setting it): each
// keeps its own directory inside, so neither takes the other's tunnels for orphans or for its own
// tunnels of the same name (issue 13, item 4).
import assert from 'node:assert/strict';
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, test} from 'node:test';
import {freePort} from '../support/echo-server.js';
import {isAlive} from '../support/processes.js';
import {upPid, useWorld} from '../support/tunnels.js';

describe('one TUNNELS_RUNTIME_DIR, two profile files', () => {
	const setup = useWorld();

	test('prune from profile B leaves profile A\'s healthy tunnel; B\'s tunnel of the same name is not A\'s', {timeout: 90_000}, async () => {
		const {world, sshd, echo} = setup();
		const [portA, portB] = [await freePort(), await freePort()];
		await world.setTunnels({db: {host: sshd.host, local: [`${portA}:127.0.0.2:${echo.port}`]}});
		const up = await world.run(['up', 'db']);
		assert.equal(up.exitCode, 0, up.stderr);
		const pid = upPid(up.stdout, 'db');

		const other = path.join(world.sandbox.dir, 'other.yaml');
		await writeFile(other, `${JSON.stringify({allowCommands: true, sshConfig: sshd.sshConfigFile, tunnels: {db: {host: sshd.host, local: [`${portB}:127.0.0.2:${echo.port}`]}}})}\n`, {mode: 0o600});
		const fromB = {TUNNELS_CONFIG: other};
		const ls = await world.run(['ls', '--json'], fromB);
		assert.equal(ls.exitCode, 0, ls.stderr);
		const db = (JSON.parse(ls.stdout) as {tunnels: Array<{name: string; state: string}>}).tunnels.find(tunnel => tunnel.name === 'db');
		assert.equal(db?.state, 'down', `B's db is not A's: ${ls.stdout}`);

		const prune = await world.run(['prune', '--yes'], fromB);
		assert.equal(prune.exitCode, 0, prune.stdout + prune.stderr);
		assert.ok(isAlive(pid), `A's master ${pid} was killed by B's prune:\n${prune.stdout}${prune.stderr}`);
		assert.equal((await world.status('db')).state, 'up');
	});
});
