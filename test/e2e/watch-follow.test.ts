// `tunnels watch` without names follows its profile file: an appended tunnel is started, a broken
// edit leaves the running set alone, a tunnel taken out of the file is stopped (this watcher started
// it), a tunnel whose command line changed is restarted with the new one. The built binary against a
// real sshd on 127.0.0.1; edits are written in place and by rename, as editors do. Every wait is
// bounded; the time from an edit to a working tunnel is measured in bench/watch-follow.ts, not here.
import assert from 'node:assert/strict';
import {rename, rm, writeFile} from 'node:fs/promises';
import {describe, test} from 'node:test';
import {freePort, roundTrip} from '../support/echo-server.js';
import {isAlive, until} from '../support/processes.js';
import {useWorld} from '../support/tunnels.js';
import {startWatch, type WatchEventJson} from '../support/watcher.js';

const T = {timeout: 120_000};
const named = (name: string, kind: string) => (event: WatchEventJson) => event.name === name && event.kind === kind;

describe('tunnels watch follows the profile file', () => {
	const setup = useWorld();

	test('appended: started; broken: the running set stays; removed: stopped; changed: restarted with its new command line', T, async () => {
		const {echo, world, sshd} = setup();
		const [portA, portB, portA2] = await Promise.all([freePort(), freePort(), freePort()]);
		const entry = (port: number) => ({host: 'testhost', restart: 'always', local: [`${port}:127.0.0.2:${echo.port}`]});
		await world.setTunnels({a: entry(portA)});
		const watch = startWatch(world, ['--json']);
		try {
			const startedA = await watch.waitFor(named('a', 'started'), 20_000);

			// Appended, the file replaced by a rename.
			const replaced = `${world.sandbox.profile}.new`;
			await writeFile(replaced, `${JSON.stringify({allowCommands: true, sshConfig: sshd.sshConfigFile, tunnels: {a: entry(portA), b: entry(portB)}}, undefined, 2)}\n`, {mode: 0o600});
			await rename(replaced, world.sandbox.profile);
			const reloaded = await watch.waitFor(event => event.kind === 'reloaded', 10_000);
			assert.deepEqual(reloaded, {...reloaded, added: ['b'], removed: [], changed: []});
			const startedB = await watch.waitFor(named('b', 'started'), 20_000);
			assert.equal(await roundTrip('127.0.0.1', portB, 'b'), 'b');

			// Broken, written in place: reported, and both keep running as they were.
			await writeFile(world.sandbox.profile, '{"tunnels": {"a": {"host": ');
			const refused = await watch.waitFor(event => event.kind === 'profile-refused', 10_000);
			assert.match(JSON.stringify(refused), /error/);
			assert.deepEqual([world.masters('a'), world.masters('b')], [[startedA.pid], [startedB.pid]]);
			assert.equal(await roundTrip('127.0.0.1', portA, 'a'), 'a');

			// b taken out, a's port changed.
			const from = watch.lines.length;
			await world.setTunnels({a: entry(portA2)});
			const unwatched = await watch.waitFor(named('b', 'unwatched'), 10_000, from);
			assert.deepEqual(unwatched, {...unwatched, stopped: [startedB.pid]});
			assert.ok(await until(() => !isAlive(startedB.pid!), 10_000), 'b\'s master is gone');
			const restarted = await watch.waitFor(named('a', 'started'), 20_000, from);
			assert.notEqual(restarted.pid, startedA.pid);
			assert.ok(!isAlive(startedA.pid!), 'the old command line was stopped');
			assert.equal(await roundTrip('127.0.0.1', portA2, 'a2'), 'a2');
			assert.equal((await world.status('a')).state, 'up');
		} finally {
			const {code} = await watch.stop('SIGTERM');
			assert.equal(code, 0);
		}
	});

	test('a tunnel this watcher did not start is not stopped when it leaves the file', T, async () => {
		const {echo, world} = setup();
		const [portA, portB] = await Promise.all([freePort(), freePort()]);
		await world.setTunnels({a: {host: 'testhost', restart: 'always', local: [`${portA}:127.0.0.2:${echo.port}`]}, b: {host: 'testhost', restart: 'always', local: [`${portB}:127.0.0.2:${echo.port}`]}});
		const up = await world.run(['up', 'b']);
		assert.equal(up.exitCode, 0, up.stderr);
		const watch = startWatch(world, ['--json']);
		try {
			const adopted = await watch.waitFor(named('b', 'adopted'), 20_000);
			await world.setTunnels({a: {host: 'testhost', restart: 'always', local: [`${portA}:127.0.0.2:${echo.port}`]}});
			const unwatched = await watch.waitFor(named('b', 'unwatched'), 10_000);
			assert.deepEqual(unwatched.stopped, []);
			assert.ok(isAlive(adopted.pid!), 'left running: a person started it');

			// The file removed: read as a broken edit, nothing is stopped.
			const startedA = await watch.waitFor(named('a', 'started'), 20_000);
			await rm(world.sandbox.profile);
			const refused = await watch.waitFor(event => event.kind === 'profile-refused', 10_000);
			assert.match(JSON.stringify(refused), /does not exist/);
			assert.deepEqual(world.masters('a'), [startedA.pid]);
		} finally {
			await watch.stop('SIGTERM');
		}
	});
});
