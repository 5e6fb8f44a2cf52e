// The Ink UI in a real terminal (tmux), driving the real binary against a real sshd: start, see up,
// bytes through, the command copied, stop, prune a stale tunnel, a host key accepted inside the UI.
import assert from 'node:assert/strict';
import {readFile, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, describe, test} from 'node:test';
import {freePort, roundTrip} from '../support/echo-server.js';
import {isAlive, signal, until} from '../support/processes.js';
import {openTerminal, type Terminal} from '../support/terminal.js';
import {useWorld} from '../support/tunnels.js';

const T = {timeout: 90_000};

describe('the UI in a real terminal', () => {
	const setup = useWorld();
	let terminal: Terminal | undefined;
	afterEach(async () => {
		await terminal?.close();
		terminal = undefined;
	});

	test('start, up and answering, command copied, stop, prune a stale tunnel, quit', T, async () => {
		const {world, echo} = setup();
		const [db, spare] = await Promise.all([freePort(), freePort()]);
		await world.setTunnels({
			db: {host: 'testhost', local: [`${db}:127.0.0.2:${echo.port}`]},
			spare: {host: 'testhost', local: [`${spare}:127.0.0.2:${echo.port}`]},
		});
		terminal = await openTerminal(world.sandbox.env);
		await terminal.waitFor(/› ○ down +db +L 127\.0\.0\.1:\d+ → 127\.0\.0\.2/);
		assert.match(await terminal.screen(), /enter start\/stop · \/ filter · \? keys · q quit · c copy · l log · x check/, 'the footer shows the keys');

		await terminal.send(['Enter']);
		await terminal.waitFor(/› ● up +db .* testhost +\d+ +\d+s/);
		const [pid] = world.masters('db');
		assert.ok(pid, 'one ssh runs for db');
		assert.match(await terminal.screen(), new RegExp(`listening on 127\\.0\\.0\\.1:${db}.*\\(pid ${pid}\\)`));
		assert.equal(await roundTrip('127.0.0.1', db, 'through the UI'), 'through the UI');

		await terminal.send(['C']);
		await terminal.waitFor(/copied the exact command/);
		const clipboard = await terminal.clipboard();
		assert.match(clipboard, new RegExp(`^ssh -F \\S+ -E \\S+\\/\\.state\\/db\\.log -f -N .*ControlPath=${world.controlPath('db').replaceAll('/', '\\/')} .* -- testhost$`), 'the exact command, copied with OSC 52');
		await terminal.send(['Escape']);

		// Its log, following: the UI's own start of ssh is in it.
		await terminal.send(['l']);
		await terminal.waitFor(new RegExp(`log of db[\\s\\S]*starting ssh · by pid \\d+`));
		await terminal.send(['Escape']);
		await terminal.waitFor(/› ● up +db/);

		await terminal.send(['Enter']);
		await terminal.waitFor(/› ○ down +db/);
		assert.ok(await until(() => !isAlive(pid), 5000), 'the ssh process is gone');

		// A stale one: the master of `spare` killed, its control socket left behind.
		const started = await world.run(['up', 'spare']);
		assert.equal(started.exitCode, 0, started.stderr);
		const [sparePid] = world.masters('spare');
		assert.ok(sparePid);
		signal(sparePid, 'SIGKILL');
		await terminal.send(['r']);
		await terminal.waitFor(/! stale +spare/);
		await terminal.send(['p']);
		await terminal.waitFor(/remove +\S+spare · spare · control socket left behind by a dead master[\s\S]*do this\? y \/ n/);
		await terminal.send(['y']);
		await terminal.waitFor(/removed \S+spare/);
		await terminal.send(['Escape']);
		await terminal.waitFor(/○ down +spare/);

		await terminal.send(['q']);
		assert.ok(await until(async () => !(await terminal!.running()), 5000), 'q quits');
	});

	test('a host key question answered inside the UI; leaving the UI leaves the tunnel running', T, async () => {
		const {world, sshd, echo} = setup();
		// This tunnel's ssh config knows no host key and may ask: the test's own copy, never the user's.
		const knownHosts = path.join(world.sandbox.dir, 'known_hosts');
		const config = path.join(world.sandbox.dir, 'ask_config');
		await writeFile(knownHosts, '');
		await writeFile(config, (await readFile(sshd.sshConfigFile, 'utf8'))
			.replaceAll(/UserKnownHostsFile .*/g, `UserKnownHostsFile ${knownHosts}`)
			.replaceAll('StrictHostKeyChecking yes', 'StrictHostKeyChecking ask')
			.replaceAll(/\tBatchMode yes\n/g, ''));
		const port = await freePort();
		await writeFile(world.sandbox.profile, JSON.stringify({allowCommands: true, sshConfig: config, tunnels: {fresh: {host: 'testhost', local: [`${port}:127.0.0.2:${echo.port}`]}}}), {mode: 0o600});

		terminal = await openTerminal(world.sandbox.env);
		await terminal.waitFor(/› ○ down +fresh/);
		const question = /ssh asks, starting fresh:[\s\S]*key fingerprint is SHA256:[\s\S]*continue connecting \(yes\/no\/\[fingerprint\]\)\?/;

		// Cancelled: that start fails cleanly, nothing left running.
		await terminal.send(['Enter']);
		await terminal.waitFor(question);
		await terminal.send(['Escape']);
		await terminal.waitFor(/› ✗ failed +fresh/);
		assert.deepEqual(world.masters('fresh'), []);
		assert.equal(await readFile(knownHosts, 'utf8'), '', 'no key was accepted');

		await terminal.send(['Enter']);
		await terminal.waitFor(question);
		await terminal.send(['y']);
		await terminal.waitFor(/› ● up +fresh/);
		assert.equal(await roundTrip('127.0.0.1', port, 'after yes'), 'after yes');
		assert.match(await readFile(knownHosts, 'utf8'), /ssh-ed25519|ecdsa|ssh-rsa/, 'ssh recorded the accepted key');

		const [pid] = world.masters('fresh');
		assert.ok(pid);
		await terminal.send(['q']);
		assert.ok(await until(async () => !(await terminal!.running()), 5000), 'q quits');
		assert.ok(isAlive(pid), 'the tunnel outlives the UI');
	});

	test('first run: the example file written from the UI, then a tunnel added from a pasted ssh command', T, async () => {
		const {world} = setup();
		await rm(world.sandbox.profile, {force: true}); // the world is shared: an earlier test wrote one
		terminal = await openTerminal(world.sandbox.env);
		await terminal.waitFor(/No tunnels yet[\s\S]*does not exist/);
		await terminal.send(['e']);
		const written = await terminal.waitFor(/○ down +mysql-from-nat[\s\S]*wrote an example profile file/);
		// The example's two tunnels on port 9906: said once, as `ls` says it.
		assert.match(written, /^\S+tunnels\.yaml:\d+: warning: tunnel `mysql-c-via-b`/m);
		assert.match(await readFile(world.sandbox.profile, 'utf8'), /mysql-c-via-b:/);

		await terminal.send(['a']);
		await terminal.waitFor(/Paste or type an ssh command/);
		await terminal.send(['ssh -f -N -L 15432:10.1.0.9:5432 deploy@db.example'], {literal: true});
		await terminal.send(['Enter']);
		await terminal.waitFor(/○ down +db\.example-15432 +L 127\.0\.0\.1:15432 → 10\.1\.0\.9:5432 +deploy@db\.example[\s\S]*added tunnel db\.example-15432 to /);
		assert.match(await readFile(world.sandbox.profile, 'utf8'), /15432:10\.1\.0\.9:5432/);
		await terminal.send(['q']);
	});

	test('a restart: always tunnel is kept up while the UI is open, and the UI says so', T, async () => {
		const {world, echo} = setup();
		const port = await freePort();
		await world.setTunnels({kept: {host: 'testhost', restart: 'always', local: [`${port}:127.0.0.2:${echo.port}`]}});
		terminal = await openTerminal(world.sandbox.env);
		await terminal.waitFor(/keeping 1 up · w: stop keeping[\s\S]*● up +kept/);
		const [first] = world.masters('kept');
		assert.ok(first, 'the UI\'s watcher started it');

		signal(first, 'SIGKILL');
		await terminal.waitFor(/kept up by this UI \(restart always\): kept up · 1 restart · last: process gone/, 20_000);
		const [second] = world.masters('kept');
		assert.ok(second !== undefined && second !== first, 'a new ssh runs');
		assert.equal(await roundTrip('127.0.0.1', port, 'kept'), 'kept');

		await terminal.send(['w']);
		await terminal.waitFor(/^tunnels · \S+tunnels\.yaml$[\s\S]*stopped keeping tunnels up \(they keep running\) · w keeps them up again/m);
		await terminal.send(['q']);
		assert.ok(await until(async () => !(await terminal!.running()), 10_000), 'q quits');
		assert.ok(isAlive(second), 'quitting leaves the tunnel running');
	});
});
