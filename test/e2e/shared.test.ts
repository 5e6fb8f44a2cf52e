// Shared connections (issue 17): tunnels with `share: true` to one host ride one master, each
// adding its forwards through the mux. The real binary against a real sshd on 127.0.0.1.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {existsSync} from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import process from 'node:process';
import {promisify} from 'node:util';
import {describe, test} from 'node:test';
import {canConnect, freePort, roundTrip} from '../support/echo-server.js';
import {isAlive, processTable, signal, until} from '../support/processes.js';
import {useWorld, upPid} from '../support/tunnels.js';
import {startWatch} from '../support/watcher.js';

const T = {timeout: 90_000};
const run = promisify(execFile);

describe('shared connections against a real sshd', () => {
	const setup = useWorld();

	/** The live ssh masters on the profile's shared control sockets (`+hash`). */
	const sharedMasters = () => {
		const {world} = setup();
		return processTable().filter(p => p.state !== 'Z' && path.basename(p.argv[0] ?? '') === 'ssh' && p.argv.some(arg => arg.startsWith(`ControlPath=${world.runtimeDir}/+`))).map(p => p.pid);
	};

	async function threeShared() {
		const {world, echo} = setup();
		const ports = await Promise.all([freePort(), freePort(), freePort()]);
		const names = ['one', 'two', 'three'];
		await world.setTunnels(Object.fromEntries(names.map((name, index) => [name, {host: 'testhost', share: true, local: [`${ports[index]}:127.0.0.2:${echo.port}`]}])));
		return {names, ports};
	}

	test('three shared tunnels: one ssh, three forwards, bytes through each; down of the middle one leaves the others; the last down ends the master', T, async () => {
		const {world, sshd} = setup();
		const {names, ports} = await threeShared();
		// What will run: the master's line (no forward), then the forward request on it.
		const before = (await world.run(['print', 'one'])).stdout.trimEnd().split('\n');
		assert.equal(before.length, 2, before.join('\n'));
		assert.match(before[0]!, /-f -N .*ControlPath=\S+\/\+[0-9a-f]{12} /);
		assert.doesNotMatch(before[0]!, / -L /);
		assert.match(before[1]!, new RegExp(`-O forward -L ${ports[0]}:127\\.0\\.0\\.2:\\d+ -- testhost$`));
		// The standalone line, with the ssh config file that defines testhost.
		const minimal = (await world.run(['print', '--minimal', 'one'])).stdout;
		assert.match(minimal, new RegExp(`^ssh -F \\S+ -f -N -L ${ports[0]}:127\\.0\\.0\\.2:\\d+ testhost\n$`));
		assert.ok(minimal.startsWith(`ssh -F ${sshd.sshConfigFile} `), minimal);
		const up = await world.run(['up', ...names]);
		assert.equal(up.exitCode, 0, up.stderr);
		const pids = names.map(name => upPid(up.stdout, name));
		const onLive = (await world.run(['print', 'two'])).stdout.trimEnd().split('\n');
		assert.deepEqual(onLive.map(line => / -O forward -L /.test(line)), [true], 'on a live master, only the forward request');
		assert.equal(new Set(pids).size, 1, `one master for all three: ${up.stdout}`);
		assert.deepEqual(sharedMasters(), [pids[0]]);
		for (const port of ports) assert.equal(await roundTrip('127.0.0.1', port, `through ${port}`), `through ${port}`);
		assert.deepEqual((await world.ls()).tunnels.map(tunnel => [tunnel.name, tunnel.state, tunnel.pid]), names.map(name => [name, 'up', pids[0]]));

		const down = await world.run(['down', 'two']);
		assert.equal(down.exitCode, 0, down.stderr);
		assert.match(down.stdout, new RegExp(`^two down · its forwards closed on the shared connection \\(pid ${pids[0]}\\)$`, 'm'));
		assert.equal(await canConnect('127.0.0.1', ports[1]!, 500), false);
		assert.equal(await roundTrip('127.0.0.1', ports[0]!, 'still one'), 'still one');
		assert.equal(await roundTrip('127.0.0.1', ports[2]!, 'still three'), 'still three');
		assert.deepEqual((await world.ls()).tunnels.map(tunnel => tunnel.state), ['up', 'down', 'up']);

		const rest = await world.run(['down', 'one', 'three']);
		assert.equal(rest.exitCode, 0, rest.stderr);
		assert.match(rest.stdout, /the shared connection ended with its last tunnel/);
		assert.ok(await until(() => !isAlive(pids[0]!), 5000), 'the master exits with its last tunnel');
		assert.deepEqual(sharedMasters(), []);
	});

	test('SIGKILL of the master makes all three stale; up brings them back on one new master', T, async () => {
		const {world} = setup();
		const {names, ports} = await threeShared();
		const first = await world.run(['up', ...names]);
		assert.equal(first.exitCode, 0, first.stderr);
		const pid = upPid(first.stdout, 'one');
		signal(pid, 'SIGKILL');
		assert.ok(await until(() => !isAlive(pid), 5000));
		assert.deepEqual((await world.ls()).tunnels.map(tunnel => [tunnel.state, tunnel.reason]), names.map(() => ['stale', 'socket-refused']));

		const again = await world.run(['up', ...names]);
		assert.equal(again.exitCode, 0, again.stderr);
		const pids = names.map(name => upPid(again.stdout, name));
		assert.equal(new Set(pids).size, 1);
		assert.notEqual(pids[0], pid);
		for (const port of ports) assert.equal(await roundTrip('127.0.0.1', port, `back ${port}`), `back ${port}`);
	});

	test('a forward cancelled behind the tool\'s back is that tunnel\'s loss alone; up opens it again on the same master', T, async () => {
		const {world, sshd} = setup();
		const {names, ports} = await threeShared();
		const up = await world.run(['up', ...names]);
		assert.equal(up.exitCode, 0, up.stderr);
		const pid = upPid(up.stdout, 'one');
		const [socket] = sharedMasters().length === 1 ? processTable().find(p => p.pid === pid)!.argv.filter(arg => arg.startsWith('ControlPath=')).map(arg => arg.slice('ControlPath='.length)) : [];
		assert.ok(socket && existsSync(socket));
		await run('ssh', ['-F', sshd.sshConfigFile, '-S', socket, '-O', 'cancel', '-L', `${ports[1]}:127.0.0.2:${setup().echo.port}`, '--', 'testhost'], {timeout: 10_000});
		assert.ok(await until(async () => !(await canConnect('127.0.0.1', ports[1]!, 500)), 5000));
		assert.deepEqual((await world.ls()).tunnels.map(tunnel => [tunnel.state, tunnel.reason ?? null]), [['up', null], ['stale', 'no-listener'], ['up', null]]);

		const repair = await world.run(['up', 'two']);
		assert.equal(repair.exitCode, 0, repair.stderr);
		assert.equal(upPid(repair.stdout, 'two'), pid, 'the same master: no new connection');
		assert.deepEqual(sharedMasters(), [pid]);
		assert.equal(await roundTrip('127.0.0.1', ports[1]!, 'repaired'), 'repaired');
	});

	// A keeper sees a lost listener at its full look, once a minute (watch/settings.ts lookEveryMs).
	test('a keeper repairs a forward cancelled behind its back through the mux: the same master, no reconnect', {timeout: 150_000}, async () => {
		const {world, sshd, echo} = setup();
		const ports = await Promise.all([freePort(), freePort(), freePort()]);
		const names = ['one', 'two', 'three'];
		await world.setTunnels(Object.fromEntries(names.map((name, index) => [name, {host: 'testhost', share: true, restart: 'always', keepAlive: {interval: 1, countMax: 2}, local: [`${ports[index]}:127.0.0.2:${echo.port}`]}])));
		const watch = startWatch(world, ['--json', ...names]);
		try {
			for (const name of names) await watch.waitFor(event => event.name === name && (event.kind === 'started' || event.kind === 'adopted'), 20_000);
			const [pid] = sharedMasters();
			assert.ok(pid !== undefined && sharedMasters().length === 1, 'one master for the three');
			const socket = processTable().find(p => p.pid === pid)!.argv.find(arg => arg.startsWith('ControlPath='))!.slice('ControlPath='.length);
			const from = watch.events().length;
			await run('ssh', ['-F', sshd.sshConfigFile, '-S', socket, '-O', 'cancel', '-L', `${ports[1]}:127.0.0.2:${echo.port}`, '--', 'testhost'], {timeout: 10_000});
			const repaired = await watch.waitFor(event => event.name === 'two' && event.kind === 'restarted', 90_000, from);
			assert.equal(repaired.pid, pid, 'repaired on the same master');
			assert.equal(repaired.after?.kind, 'stale');
			assert.deepEqual(sharedMasters(), [pid], 'no new connection');
			assert.equal(await roundTrip('127.0.0.1', ports[1]!, 'repaired by the keeper'), 'repaired by the keeper');
			assert.equal(await roundTrip('127.0.0.1', ports[0]!, 'one untouched'), 'one untouched');
			assert.deepEqual(watch.events().slice(from).filter(event => event.name !== 'two' && event.kind !== 'probe').map(event => [event.name, event.kind]), [], 'the others saw nothing');
		} finally {
			await watch.stop('SIGTERM', 10_000);
		}
	});

	test('up --all of shared tunnels with one port taken: that tunnel is refused naming its holder, the others ride one master', T, async () => {
		const {world, echo} = setup();
		const ports = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
		const names = ['w', 'x', 'y', 'z'];
		await world.setTunnels(Object.fromEntries(names.map((name, index) => [name, {host: 'testhost', share: true, local: [`${ports[index]}:127.0.0.2:${echo.port}`]}])));
		const holder = net.createServer();
		await new Promise<void>((resolve, reject) => {
			holder.once('error', reject);
			holder.listen(ports[2], '127.0.0.1', resolve);
		});
		try {
			const up = await world.run(['up', '--all', '--json']);
			assert.equal(up.exitCode, 1, up.stderr);
			const results = JSON.parse(up.stdout) as Array<{name: string; kind: string; pid?: number; taken?: Array<{address: string; holder: {kind: string; pid?: number}}>}>;
			assert.deepEqual(results.map(result => [result.name, result.kind]), [['w', 'started'], ['x', 'started'], ['y', 'port-taken'], ['z', 'started']]);
			assert.deepEqual(results[2]!.taken!.map(taken => [taken.address, taken.holder.kind, taken.holder.pid]), [['127.0.0.1', 'process', process.pid]]);
			const pids = new Set(results.filter(result => result.kind === 'started').map(result => result.pid));
			assert.equal(pids.size, 1, up.stdout);
			assert.deepEqual(sharedMasters(), [...pids]);
			for (const index of [0, 1, 3]) assert.equal(await roundTrip('127.0.0.1', ports[index]!, `through ${names[index]}`), `through ${names[index]}`);
			assert.deepEqual((await world.ls()).tunnels.map(tunnel => [tunnel.name, tunnel.state]), [['w', 'up'], ['x', 'up'], ['y', 'down'], ['z', 'up']]);
		} finally {
			await new Promise(resolve => {
				holder.close(resolve);
			});
		}
	});

	test('a shared and an unshared tunnel to the same host coexist', T, async () => {
		const {world, echo} = setup();
		const [sharedPort, ownPort] = await Promise.all([freePort(), freePort()]);
		await world.setTunnels({
			shared: {host: 'testhost', share: true, local: [`${sharedPort}:127.0.0.2:${echo.port}`]},
			own: {host: 'testhost', local: [`${ownPort}:127.0.0.2:${echo.port}`]},
		});
		const up = await world.run(['up', 'shared', 'own']);
		assert.equal(up.exitCode, 0, up.stderr);
		assert.notEqual(upPid(up.stdout, 'shared'), upPid(up.stdout, 'own'));
		assert.deepEqual(world.masters('own'), [upPid(up.stdout, 'own')]);
		assert.equal(await roundTrip('127.0.0.1', sharedPort, 'shared'), 'shared');
		assert.equal(await roundTrip('127.0.0.1', ownPort, 'own'), 'own');
		const down = await world.run(['down', 'own']);
		assert.equal(down.exitCode, 0, down.stderr);
		assert.equal(await roundTrip('127.0.0.1', sharedPort, 'shared still'), 'shared still');
	});
});
