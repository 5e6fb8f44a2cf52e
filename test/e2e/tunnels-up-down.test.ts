// The three scenarios of the design, bind addresses, and concurrent starts: the real binary
// against a real sshd on 127.0.0.1, echo servers on 127.0.0.2 and 127.0.0.3 as the targets.
import assert from 'node:assert/strict';
import {existsSync} from 'node:fs';
import {after, afterEach, before, describe, test} from 'node:test';
import {canConnect, freePort, roundTrip, startEchoServer, type EchoServer} from '../support/echo-server.js';
import {startSshd, type TestSshd} from '../support/sshd.js';
import {createWorld, upPid, type World} from '../support/tunnels.js';
import {isAlive, until} from '../support/processes.js';

const T = {timeout: 60_000};

describe('tunnels up and down against a real sshd', () => {
	let sshd: TestSshd | undefined;
	let b: EchoServer | undefined; // "B", the host the tunnel ends at, serves on 127.0.0.2
	let c: EchoServer | undefined; // "C", reachable only from B's side in the story, on 127.0.0.3
	let world: World | undefined;

	before(async () => {
		// Ten tunnels authenticate at once below; sshd's default MaxStartups (10:30:100) starts
		// dropping at ten unauthenticated connections, which is the server's business, not ours.
		[sshd, b, c] = await Promise.all([startSshd({extraConfig: ['MaxStartups 50']}), startEchoServer('127.0.0.2'), startEchoServer('127.0.0.3')]);
		world = await createWorld(sshd);
	});
	afterEach(async () => world?.cleanup());
	after(async () => {
		await world?.dispose();
		await Promise.allSettled([sshd?.dispose(), b?.close(), c?.close()]);
	});

	test('the three scenarios carry bytes both ways; up twice starts nothing; down removes process and socket', T, async () => {
		assert.ok(world && b && c);
		const [local, remote, hop] = await Promise.all([freePort(), freePort(), freePort()]);
		await world.setTunnels({
			'mysql-b': {host: 'testhost', local: [`${local}:127.0.0.2:${b.port}`]}, // scenario 1
			'from-nat': {host: 'testhost', remote: [`${remote}:127.0.0.2:${b.port}`]}, // scenario 2: the "server" is this machine
			'c-via-b': {host: 'testhost', local: [`${hop}:127.0.0.3:${c.port}`]}, // scenario 3
		});
		const names = ['mysql-b', 'from-nat', 'c-via-b'];

		const up = await world.run(['up', ...names]);
		assert.equal(up.exitCode, 0, up.stderr);
		assert.equal(up.stderr, '');
		assert.match(up.stdout, new RegExp(`^mysql-b up · pid \\d+ · L 127\\.0\\.0\\.1:${local}\\b.* → 127\\.0\\.0\\.2:${b.port} via testhost · \\d+ ms$`, 'm'));
		const pids = Object.fromEntries(names.map(name => [name, upPid(up.stdout, name)]));
		for (const name of names) assert.deepEqual(world.masters(name), [pids[name]], `${name}: one ssh, the one up reported`);

		assert.equal(await roundTrip('127.0.0.1', local, 'scenario 1: A to B'), 'scenario 1: A to B');
		assert.equal(await roundTrip('127.0.0.1', remote, 'scenario 2: server back to B'), 'scenario 2: server back to B');
		assert.equal(await roundTrip('127.0.0.1', hop, 'scenario 3: A through B to C'), 'scenario 3: A through B to C');

		const ls = await world.ls();
		for (const name of names) {
			const entry = ls.tunnels.find(tunnel => tunnel.name === name);
			assert.equal(entry?.state, 'up', name);
			assert.equal(entry?.pid, pids[name], name);
		}
		assert.ok(ls.tunnels.find(tunnel => tunnel.name === 'mysql-b')?.forwards?.[0]?.bound.includes('127.0.0.1'));
		// Other ssh tunnels of this machine may be listed as strays; ours must not be.
		assert.deepEqual(ls.outside.filter(stray => Object.values(pids).includes(stray.pid)), [], 'tunnels of the profile are not strays');

		const again = await world.run(['up', 'mysql-b']);
		assert.equal(again.exitCode, 0, again.stderr);
		assert.equal(again.stdout, `mysql-b is already up · pid ${pids['mysql-b']}; nothing started\n`);
		assert.deepEqual(world.masters('mysql-b'), [pids['mysql-b']]);

		const down = await world.run(['down', ...names]);
		assert.equal(down.exitCode, 0, down.stderr);
		for (const name of names) {
			// Through the socket, or by signals when a busy machine makes ssh slow to leave.
			assert.match(down.stdout, new RegExp(`^${name} down · pid ${pids[name]} · (ssh -O exit|SIGTERM|SIGKILL)$`, 'm'));
			assert.equal(isAlive(pids[name]!), false, `${name}: its ssh is gone`);
			assert.deepEqual(world.masters(name), []);
			assert.equal(existsSync(world.controlPath(name)), false, `${name}: its socket file is removed`);
		}
		assert.equal(await canConnect('127.0.0.1', local, 500), false);
		assert.equal(await canConnect('127.0.0.1', hop, 500), false);
		// The server closes a -R listener when the session ends, a moment after the client exits.
		assert.ok(await until(async () => !(await canConnect('127.0.0.1', remote, 500)), 5000), 'the remote listener closes');
		assert.deepEqual((await world.ls()).tunnels.map(tunnel => tunnel.state), ['down', 'down', 'down']);
	});

	test('a bind address listens there only; gateway listens on every address and warns', T, async () => {
		assert.ok(world && b);
		const [bound, open] = await Promise.all([freePort('127.0.0.2'), freePort('0.0.0.0')]);
		await world.setTunnels({
			bound: {host: 'testhost', local: [`127.0.0.2:${bound}:127.0.0.2:${b.port}`]},
			open: {host: 'testhost', gateway: true, local: [`${open}:127.0.0.2:${b.port}`]},
		});
		const up = await world.run(['up', 'bound', 'open']);
		assert.equal(up.exitCode, 0, up.stderr);
		assert.match(up.stdout, new RegExp(`^bound up · pid \\d+ · L 127\\.0\\.0\\.2:${bound} → `, 'm'));
		assert.match(up.stderr, new RegExp(`^warning: open listens on 0\\.0\\.0\\.0:${open} and \\[::\\]:${open}: anyone who can reach this machine there can use it$`, 'm'));
		assert.doesNotMatch(up.stderr, /warning: bound/, 'a loopback bind address is nothing to warn about');

		assert.equal(await roundTrip('127.0.0.2', bound, 'bound'), 'bound');
		assert.equal(await canConnect('127.0.0.1', bound, 500), false, 'bound to 127.0.0.2: nothing on 127.0.0.1');
		for (const address of ['127.0.0.1', '127.0.0.2', '127.0.0.3']) {
			assert.equal(await roundTrip(address, open, `gateway via ${address}`), `gateway via ${address}`);
		}

		const ls = await world.ls();
		const forwardsOf = (name: string) => ls.tunnels.find(tunnel => tunnel.name === name)?.forwards?.[0]?.bound;
		assert.deepEqual(forwardsOf('bound'), ['127.0.0.2']);
		assert.ok(forwardsOf('open')?.includes('0.0.0.0'), `gateway binds 0.0.0.0: ${forwardsOf('open')}`);
		assert.equal((await world.run(['down', '--all'])).exitCode, 0);
	});

	test('-R on a non-loopback address against GatewayPorts no: the server binds loopback only, and up warns', T, async () => {
		assert.ok(world && b);
		const port = await freePort('0.0.0.0');
		await world.setTunnels({exposed: {host: 'testhost', remote: [`0.0.0.0:${port}:127.0.0.2:${b.port}`]}});
		const up = await world.run(['up', 'exposed']);
		assert.equal(up.exitCode, 0, up.stderr);
		assert.match(up.stderr, new RegExp(`^warning: exposed asks the server to listen on 0\\.0\\.0\\.0:${port}: .*GatewayPorts`, 'm'));
		// Reached at 127.0.0.1, the server's own address is its loopback: which one it bound cannot be told.
		assert.match(up.stderr, /^ {2}which address the server bound is unknown: the server is reached over its loopback \(127\.0\.0\.1\)$/m);
		assert.equal(await roundTrip('127.0.0.1', port, 'loopback'), 'loopback');
		assert.equal(await canConnect('127.0.0.2', port, 500), false, 'GatewayPorts no: not bound beyond loopback');
		assert.equal((await world.status('exposed')).state, 'up');
		assert.equal((await world.run(['down', 'exposed'])).exitCode, 0);
	});

	test('up of one tunnel from three shells at the same moment gives one tunnel', T, async () => {
		assert.ok(world && b);
		const port = await freePort();
		await world.setTunnels({twice: {host: 'testhost', local: [`${port}:127.0.0.2:${b.port}`]}});
		// Three, not two: more chances to hit a race between the start lock and the first observation.
		const results = await Promise.all([0, 1, 2].map(async () => world!.run(['up', 'twice'])));
		const said = results.map(result => result.stdout + result.stderr).join('');
		for (const result of results) assert.equal(result.exitCode, 0, said);
		const started = results.filter(result => /^twice up · pid \d+/.test(result.stdout));
		const already = results.filter(result => /^twice is already up · pid \d+; nothing started$/m.test(result.stdout));
		assert.equal(started.length, 1, said);
		assert.equal(already.length, 2, said);
		const pid = upPid(started[0]!.stdout, 'twice');
		assert.deepEqual(world.masters('twice'), [pid], 'exactly one ssh with that ControlPath');
		assert.equal(await roundTrip('127.0.0.1', port, 'once'), 'once');
	});

	test('ten up of different tunnels in parallel all succeed', T, async () => {
		assert.ok(world && b);
		const names = Array.from({length: 10}, (_, index) => `t${index}`);
		const ports = await Promise.all(names.map(async () => freePort()));
		await world.setTunnels(Object.fromEntries(names.map((name, index) => [name, {host: 'testhost', local: [`${ports[index]}:127.0.0.2:${b!.port}`]}])));
		// Ten shells, ten processes: each `up` takes its own lock and its own observation.
		const results = await Promise.all(names.map(async name => world!.run(['up', name])));
		results.forEach((result, index) => assert.equal(result.exitCode, 0, `${names[index]}: ${result.stderr}`));
		names.forEach((name, index) => assert.deepEqual(world!.masters(name), [upPid(results[index]!.stdout, name)], name));
		const echoes = await Promise.all(ports.map(async (port, index) => roundTrip('127.0.0.1', port, `tunnel ${index}`)));
		assert.deepEqual(echoes, names.map((_, index) => `tunnel ${index}`));
		const ls = await world.ls();
		assert.deepEqual(ls.tunnels.map(tunnel => tunnel.state), names.map(() => 'up'));

		const down = await world.run(['down', '--all']);
		assert.equal(down.exitCode, 0, down.stderr);
		for (const name of names) assert.deepEqual(world.masters(name), [], name);
	});
});
