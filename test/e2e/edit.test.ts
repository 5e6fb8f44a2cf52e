// Editing the profile from the command line against a real sshd: `up @tag`, rm and rename of a
// running tunnel, a change to a running tunnel's command, and bad input leaving the file untouched.
import assert from 'node:assert/strict';
import {existsSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {describe, test} from 'node:test';
import {freePort, roundTrip} from '../support/echo-server.js';
import {isAlive} from '../support/processes.js';
import {upPid, useWorld} from '../support/tunnels.js';

const T = {timeout: 60_000};

describe('tunnels set, tag, rename, rm against a real sshd', () => {
	const setup = useWorld();

	test('up @tag starts every tunnel with the tag, and only those; an unknown tag names the near one', T, async () => {
		const {world, echo} = setup();
		const [a, b, c] = await Promise.all([freePort(), freePort(), freePort()]);
		await world.setTunnels({
			'db-a': {host: 'testhost', local: [`${a}:127.0.0.2:${echo.port}`], tags: ['db']},
			'db-b': {host: 'testhost', local: [`${b}:127.0.0.2:${echo.port}`], tags: ['db', 'prod']},
			web: {host: 'testhost', local: [`${c}:127.0.0.2:${echo.port}`], tags: ['prod']},
		});
		const up = await world.run(['up', '@db']);
		assert.equal(up.exitCode, 0, up.stderr);
		assert.deepEqual((await world.ls()).tunnels.map(tunnel => [tunnel.name, tunnel.state]), [['db-a', 'up'], ['db-b', 'up'], ['web', 'down']]);
		assert.equal(await roundTrip('127.0.0.1', b, 'through db-b'), 'through db-b');

		const typo = await world.run(['down', '@dbb']);
		assert.equal(typo.exitCode, 2);
		assert.match(typo.stderr, /no tunnel of .* has the tag `dbb`\n {2}hint: did you mean `@db`\?/);
		const down = await world.run(['down', '@prod', 'db-a']);
		assert.equal(down.exitCode, 0, down.stderr);
		assert.deepEqual((await world.ls()).tunnels.map(tunnel => tunnel.state), ['down', 'down', 'down']);
		const rm = await world.run(['rm', '@prod']);
		assert.equal(rm.exitCode, 0, rm.stderr);
		assert.deepEqual((await world.ls()).tunnels.map(tunnel => tunnel.name), ['db-a']);
	});

	test('rm of a running tunnel stops it first (process gone, socket gone); --keep-running leaves it running, said so', T, async () => {
		const {world, echo} = setup();
		const [a, b] = await Promise.all([freePort(), freePort()]);
		await world.setTunnels({
			gone: {host: 'testhost', local: [`${a}:127.0.0.2:${echo.port}`]},
			kept: {host: 'testhost', local: [`${b}:127.0.0.2:${echo.port}`]},
		});
		const up = await world.run(['up', 'gone', 'kept']);
		assert.equal(up.exitCode, 0, up.stderr);
		const [gonePid, keptPid] = [upPid(up.stdout, 'gone'), upPid(up.stdout, 'kept')];

		const rm = await world.run(['rm', 'gone']);
		assert.equal(rm.exitCode, 0, rm.stderr);
		assert.match(rm.stdout, new RegExp(`^gone: removed in .*\\nstopped gone \\(pid ${gonePid}\\)\\n$`));
		assert.equal(isAlive(gonePid), false);
		assert.equal(existsSync(world.controlPath('gone')), false);

		const keep = await world.run(['rm', 'kept', '--keep-running']);
		assert.equal(keep.exitCode, 0, keep.stderr);
		assert.match(keep.stdout, new RegExp(`kept keeps running \\(pid ${keptPid}\\) outside the profile: tunnels kill ${keptPid} stops it`));
		assert.equal(isAlive(keptPid), true);
		assert.equal(await roundTrip('127.0.0.1', b, 'still there'), 'still there');
		assert.deepEqual((await world.ls()).tunnels, []);
		world.track(keptPid);
	});

	test('rename: a running tunnel is refused with why and nothing changes; --restart renames it and starts it under the new name', T, async () => {
		const {world, echo} = setup();
		const port = await freePort();
		await world.setTunnels({old: {host: 'testhost', local: [`${port}:127.0.0.2:${echo.port}`]}});
		const up = await world.run(['up', 'old']);
		assert.equal(up.exitCode, 0, up.stderr);
		const pid = upPid(up.stdout, 'old');
		const before = await readFile(world.sandbox.profile, 'utf8');

		const refused = await world.run(['rename', 'old', 'new']);
		assert.equal(refused.exitCode, 1);
		assert.match(refused.stderr, new RegExp(`old is running \\(pid ${pid}\\) .*nothing was changed\\n {2}hint: stop it first \\(tunnels down old\\), or rename it with --restart`));
		assert.equal(await readFile(world.sandbox.profile, 'utf8'), before);
		assert.equal(isAlive(pid), true);

		const renamed = await world.run(['rename', 'old', 'new', '--restart']);
		assert.equal(renamed.exitCode, 0, renamed.stderr);
		assert.equal(isAlive(pid), false);
		assert.equal(existsSync(world.controlPath('old')), false);
		const status = await world.status('new');
		assert.equal(status.state, 'up');
		assert.deepEqual(world.masters('new'), [status.pid]);
		assert.equal(await roundTrip('127.0.0.1', port, 'renamed'), 'renamed');
	});

	test('a changed command of a running tunnel: said, and --restart runs the new one', T, async () => {
		const {world, echo} = setup();
		const [port, added] = await Promise.all([freePort(), freePort()]);
		await world.setTunnels({db: {host: 'testhost', local: [`${port}:127.0.0.2:${echo.port}`]}});
		const up = await world.run(['up', 'db']);
		const pid = upPid(up.stdout, 'db');

		const tagged = await world.run(['tag', 'db', '+x']);
		assert.equal(tagged.stderr, '', 'a tag changes no command');
		const set = await world.run(['forward', 'add', 'db', '-L', `${added}:127.0.0.2:${echo.port}`]);
		assert.equal(set.exitCode, 0, set.stderr);
		assert.equal(set.stderr, `note: db is running (pid ${pid}) with its old command until restarted: tunnels down db && tunnels up db, or add --restart\n`);
		assert.equal(isAlive(pid), true);

		const restarted = await world.run(['set', 'db', 'description', 'now with two', '--restart', '--json']);
		assert.equal(restarted.exitCode, 0, restarted.stderr);
		const again = await world.run(['unset', 'db', 'description', '--restart']);
		assert.equal(again.exitCode, 0, again.stderr);
		assert.equal(isAlive(pid), true, 'a description changes no command: not restarted');
		const forwardRm = await world.run(['forward', 'rm', 'db', `${added}:127.0.0.2:${echo.port}`, '--restart']);
		assert.equal(forwardRm.exitCode, 0, forwardRm.stderr);
		assert.equal(isAlive(pid), false, 'restarted');
		assert.equal((await world.status('db')).state, 'up');
	});

	test('bad input: a clear error naming what and where, exit 2, the file untouched byte for byte', T, async () => {
		const {world} = setup();
		await world.setTunnels({db: {host: 'testhost', local: ['9906:127.0.0.2:3306']}, web: {host: 'testhost', local: ['9907:127.0.0.2:80']}});
		const before = await readFile(world.sandbox.profile, 'utf8');
		const cases: Array<[string[], RegExp]> = [
			[['rename', 'db', 'web'], /^error: a tunnel `web` is already in .*; nothing was changed\n/],
			[['rename', 'db', 'no good'], /^error: `no good` is not a tunnel name; nothing was changed\n/],
			[['set', 'db', 'prot', '22'], /^error: `prot` is not a key of a tunnel; nothing was changed\n {2}hint: did you mean `port`\?\n$/],
			[['set', 'db', 'port', '70000'], /tunnels\.yaml:\d+: error: tunnel `db`, port: must be 1-65535, got `70000`\n.*nothing was changed/s],
			[['set', 'db', 'restart', 'allways'], /restart: must be always, on-failure or never, got `allways`\n {2}hint: did you mean `always`\?/],
			[['forward', 'rm', 'db', '1:2:3'], /^error: tunnel `db` has no forward `1:2:3` in .*; nothing was changed\n {2}hint: its forwards: local\[0\]: 9906:127\.0\.0\.2:3306/],
			[['forward', 'rm', 'db', 'local[0]'], /the tunnel forwards nothing/],
			[['tag', 'db', '+-x'], /tags\[0\]: `-x` is not a tag/],
			[['set', 'db-mian', 'port', '22'], /^error: no tunnel `db-mian` in .*\n {2}hint: tunnels here: db, web\n$/],
			[['rm', 'wbe'], /hint: did you mean `web`\?/],
		];
		for (const [args, expected] of cases) {
			const result = await world.run(args);
			assert.equal(result.exitCode, 2, args.join(' '));
			assert.match(result.stderr, expected, args.join(' '));
			assert.equal(await readFile(world.sandbox.profile, 'utf8'), before, args.join(' '));
		}
	});
});
