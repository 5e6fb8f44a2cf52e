// `tunnels watch` next to people and other watchers: a port another program holds, a person's
// `down` and `up`, a second watcher, a watcher killed with SIGKILL, --down-on-exit. The built binary
// against a real sshd on 127.0.0.1; every wait is bounded; the world's cleanup stops what is left.
import assert from 'node:assert/strict';
import net, {type AddressInfo} from 'node:net';
import {describe, test} from 'node:test';
import {setTimeout as sleep} from 'node:timers/promises';
import {roundTrip} from '../support/echo-server.js';
import {isAlive, until} from '../support/processes.js';
import {upPid, useWorld} from '../support/tunnels.js';
import {startWatch, type RunningWatch, type WatchEventJson} from '../support/watcher.js';

const T = {timeout: 90_000};
const named = (name: string, kind: string) => (event: WatchEventJson) => event.name === name && event.kind === kind;

/** Another program listening on a free port of 127.0.0.1. */
async function holdPort(): Promise<{readonly port: number; close(): Promise<void>}> {
	const server = net.createServer(socket => socket.destroy());
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen({host: '127.0.0.1', port: 0}, () => resolve());
	});
	return {port: (server.address() as AddressInfo).port, close: async () => new Promise<void>(resolve => server.close(() => resolve()))};
}

describe('tunnels watch and the people around it', () => {
	const setup = useWorld();

	test('a port another program holds: its holder named, retries backing off; a person\'s down is never undone, their up is adopted', T, async () => {
		const {echo, world} = setup();
		const holder = await holdPort();
		await world.setTunnels({
			taken: {host: 'testhost', restart: 'always', local: [`${holder.port}:127.0.0.2:${echo.port}`]},
			ignored: {host: 'testhost', local: [`${holder.port + 1}:127.0.0.2:${echo.port}`]}, // restart: never
		});
		let watch: RunningWatch | undefined;
		try {
			watch = startWatch(world, ['--json']);
			const first = await watch.waitFor(named('taken', 'start-failed'), 15_000);
			assert.deepEqual(first.failure?.taken?.map(({port, address}) => ({port, address})), [{port: holder.port, address: '127.0.0.1'}]);
			assert.match(first.failure.taken[0]!.holder, new RegExp(`^pid ${process.pid} \\(.*node`), 'the program that holds it, named');
			// Four seconds of the port held: attempts at about 0, 1 and 3 s, no more.
			await sleep(Math.max(0, Date.parse(first.at) + 4000 - Date.now()));
			const failed = watch.events().filter(named('taken', 'start-failed'));
			assert.ok(failed.length >= 2 && failed.length <= 4, `${failed.length} attempts in 4 s`);
			const gaps = failed.map(event => Date.parse(event.nextAt!) - Date.parse(event.at));
			assert.ok(gaps.every((gap, index) => index === 0 || gap > gaps[index - 1]!), `gaps ${gaps.join(', ')}`);
			assert.ok(!watch.events().some(event => event.name === 'ignored'), '`restart: never` is not watched');

			await holder.close();
			const started = await watch.waitFor(named('taken', 'started'), 15_000);
			assert.equal(await roundTrip('127.0.0.1', holder.port, 'through'), 'through');

			// A person stops it: the watcher says so and leaves it down, round after round.
			const down = await world.run(['down', 'taken']);
			assert.equal(down.exitCode, 0, down.stderr);
			const stopped = await watch.waitFor(named('taken', 'stopped'), 10_000);
			assert.equal(stopped.stop?.by, 'down');
			const afterStop = watch.lines.length;
			await sleep(6000); // the stop is read again (every 5 s), and still there
			assert.deepEqual(watch.events().slice(afterStop), []);
			assert.deepEqual(world.masters('taken'), []);
			assert.notEqual(started.pid, undefined);

			// Their `up` clears the stop: the watcher keeps the tunnel they started, it starts none of its own.
			const up = await world.run(['up', 'taken']);
			assert.equal(up.exitCode, 0, up.stderr);
			// The stop is read again every 5 s (the probe's pace for default keep-alives): gone, the tunnel is looked at.
			const adopted = await watch.waitFor(named('taken', 'adopted'), 15_000, afterStop);
			assert.equal(adopted.pid, upPid(up.stdout, 'taken'));
			assert.deepEqual(world.masters('taken'), [adopted.pid]);
			assert.deepEqual(await watch.stop('SIGTERM'), {code: 0, signal: null, stderr: ''});
			assert.ok(isAlive(adopted.pid!), 'without --down-on-exit the tunnel outlives the watcher');
		} finally {
			await watch?.stop('SIGKILL');
			await holder.close();
		}
	});

	test('one watcher per tunnel; killed with SIGKILL, its tunnel runs on and the next adopts it; --down-on-exit takes it down', T, async () => {
		const {echo, world} = setup();
		const port = (await holdPort().then(async held => {
			await held.close();
			return held;
		})).port;
		await world.setTunnels({kept: {host: 'testhost', restart: 'on-failure', local: [`${port}:127.0.0.2:${echo.port}`]}});
		const watchers: RunningWatch[] = [];
		try {
			const up = await world.run(['up', 'kept']);
			assert.equal(up.exitCode, 0, up.stderr);
			const pid = upPid(up.stdout, 'kept');
			const first = startWatch(world, ['--json']);
			watchers.push(first);
			assert.equal((await first.waitFor(named('kept', 'adopted'), 15_000)).pid, pid);

			const second = startWatch(world, ['--json', 'kept']);
			watchers.push(second);
			assert.equal((await second.waitFor(named('kept', 'elsewhere'), 15_000)).pid, first.pid);

			assert.deepEqual(await first.stop('SIGKILL'), {code: null, signal: 'SIGKILL', stderr: ''});
			await sleep(500);
			assert.ok(isAlive(pid), 'the tunnel outlives its watcher');
			// Its lock is tried again every 5 s.
			assert.equal((await second.waitFor(named('kept', 'adopted'), 15_000)).pid, pid, 'taken over, and adopted');
			assert.deepEqual(world.masters('kept'), [pid], 'no second master');
			assert.ok(!second.events().some(event => event.kind === 'started' || event.kind === 'restarted'));
			assert.deepEqual(await second.stop('SIGTERM'), {code: 0, signal: null, stderr: ''});
			assert.ok(isAlive(pid));

			// In text, with --down-on-exit: adopted, then taken down on SIGINT.
			const third = startWatch(world, ['--down-on-exit']);
			watchers.push(third);
			await third.waitForLine(new RegExp(`^\\S+Z kept up · pid ${pid} · adopted$`), 15_000);
			assert.deepEqual(await third.stop('SIGINT'), {code: 0, signal: null, stderr: ''});
			assert.match(third.lines.at(-1) ?? '', new RegExp(`^\\S+Z kept down · pid ${pid}$`));
			assert.ok(await until(() => !isAlive(pid), 3000), 'taken down');
			assert.deepEqual(world.masters('kept'), []);
			assert.equal((await world.status('kept')).state, 'down');
		} finally {
			await Promise.all(watchers.map(async watch => watch.stop('SIGKILL')));
		}
	});
});
