// `tunnels watch` through faults of the server and the network, for real: the built binary, a real
// sshd on 127.0.0.1, its session processes frozen with SIGSTOP (a dead network, without root), the
// listener stopped and started again. Every wait is bounded; the world's cleanup stops what is left.
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {setTimeout as sleep} from 'node:timers/promises';
import {freePort, roundTrip, startEchoServer} from '../support/echo-server.js';
import {isAlive, signal, until} from '../support/processes.js';
import {useWorld} from '../support/tunnels.js';
import {startWatch, type RunningWatch, type WatchEventJson} from '../support/watcher.js';

const T = {timeout: 90_000};
// Keep-alives as autossh is usually told: ssh gives up on a silent server after about 2-3 s.
const keepAlive = {interval: 1, countMax: 2};
/** a tunnel lost sooner than this after it came up is taken for a flapping one (watch/settings.ts) */
const stableMs = 10_000;

/** The sshd session processes that appear while `start` runs: they serve that tunnel, and only it. */
async function sessionsOf(sshd: {sessionPids(): Promise<number[]>}, start: () => Promise<unknown>): Promise<number[]> {
	const before = await sshd.sessionPids();
	await start();
	const sessions = (await sshd.sessionPids()).filter(pid => !before.includes(pid));
	assert.ok(sessions.length > 0, 'the tunnel has its own sshd session');
	return sessions;
}

async function echoes(port: number): Promise<boolean> {
	return roundTrip('127.0.0.1', port, 'ping', 500).then(answer => answer === 'ping', () => false);
}

const named = (name: string, kind: string) => (event: WatchEventJson) => event.name === name && event.kind === kind;

describe('tunnels watch through faults', () => {
	const setup = useWorld();

	test('a frozen server session: restored within the keep-alive bound plus a handshake; a target that is down is no fault', T, async t => {
		const {sshd, echo, world} = setup();
		const target = await startEchoServer('127.0.0.3');
		const [pFrozen, pTarget] = await Promise.all([freePort(), freePort()]);
		await world.setTunnels({
			frozen: {host: 'testhost', restart: 'always', keepAlive, local: [`${pFrozen}:127.0.0.2:${echo.port}`]},
			target: {host: 'testhost', restart: 'always', keepAlive, local: [`${pTarget}:127.0.0.3:${target.port}`]},
		});
		const watchers: RunningWatch[] = [];
		const frozen: number[] = [];
		try {
			// One watcher each, one after the other, so that each tunnel's sshd session is known.
			await sessionsOf(sshd, async () => {
				watchers.push(startWatch(world, ['--json', 'target']));
				await watchers[0]!.waitFor(named('target', 'started'), 15_000);
			});
			let startedAt = 0;
			frozen.push(...await sessionsOf(sshd, async () => {
				watchers.push(startWatch(world, ['--json', 'frozen']));
				await watchers[1]!.waitFor(named('frozen', 'started'), 15_000);
				startedAt = Date.now();
			}));
			const [targetWatch, frozenWatch] = watchers as [RunningWatch, RunningWatch];
			const [targetPid, frozenPid] = [world.masters('target'), world.masters('frozen')];
			assert.equal(targetPid.length, 1);
			assert.equal(frozenPid.length, 1);

			// The target service goes down: the tunnel itself is fine, and stays as it is.
			await target.close();
			const seenBefore = targetWatch.lines.length;
			await sleep(5000); // two rounds and more, each with a probe of the server
			assert.deepEqual(targetWatch.events().slice(seenBefore), [], 'no event for a tunnel whose target is down');
			assert.deepEqual(world.masters('target'), targetPid);
			assert.equal((await world.status('target')).state, 'up');
			const check = await world.run(['check', 'target']);
			assert.equal(check.exitCode, 1, check.stdout);
			assert.match(check.stdout, /target 127\.0\.0\.3:\d+ \(from the server\): .*the target refuses/);

			// Up long enough not to be taken for a flapping tunnel; then its server session freezes.
			await sleep(Math.max(0, startedAt + stableMs + 500 - Date.now()));
			assert.ok(await echoes(pFrozen));
			const from = frozenWatch.lines.length;
			for (const pid of frozen) signal(pid, 'SIGSTOP');
			const frozenAt = Date.now();
			assert.ok(await until(async () => echoes(pFrozen), 15_000, 50), `restored:\n${frozenWatch.lines.join('\n')}`);
			const restoredMs = Date.now() - frozenAt;
			t.diagnostic(`forward restored ${restoredMs} ms after its server session froze`);
			const lost = await frozenWatch.waitFor(named('frozen', 'lost'), 1000, from);
			const restarted = await frozenWatch.waitFor(named('frozen', 'restarted'), 5000, from);
			// The probe (as silent as the keep-alive allows, 2 s) or ssh's own keep-alive (about 3 s), then one handshake.
			assert.ok(restoredMs < keepAlive.interval * (keepAlive.countMax + 1) * 1000 + 3000, `restored after ${restoredMs} ms`);
			assert.ok(['unresponsive', 'process-gone'].includes(lost.failure?.kind ?? ''), JSON.stringify(lost));
			assert.equal(restarted.attempt, 1);
			assert.deepEqual(world.masters('frozen'), [restarted.pid], 'one master, the new one');
			assert.notEqual(restarted.pid, frozenPid[0]);
			assert.deepEqual(world.masters('target'), targetPid, 'the other tunnel was left alone');
			for (const watch of watchers) assert.deepEqual(await watch.stop('SIGTERM'), {code: 0, signal: null, stderr: ''});
		} finally {
			for (const pid of frozen) signal(pid, 'SIGCONT');
			await Promise.all(watchers.map(async watch => watch.stop('SIGKILL')));
			await target.close();
		}
	});

	test('a dropped session still holds the server port: "remote port forwarding failed" is retried until it is freed', T, async () => {
		const {sshd, echo, world} = setup();
		const port = await freePort();
		await world.setTunnels({nat: {host: 'testhost', restart: 'always', keepAlive, remote: [`${port}:127.0.0.2:${echo.port}`]}});
		let watch: RunningWatch | undefined;
		const frozen: number[] = [];
		try {
			frozen.push(...await sessionsOf(sshd, async () => {
				watch = startWatch(world, ['--json']);
				await watch.waitFor(named('nat', 'started'), 15_000);
			}));
			assert.ok(watch);
			assert.ok(await until(async () => echoes(port), 5000), 'the server port forwards');
			for (const pid of frozen) signal(pid, 'SIGSTOP');
			// The frozen session keeps the port bound on the server: each new session is refused it.
			const refused = (event: WatchEventJson) => event.kind === 'start-failed' && event.failure?.failure?.kind === 'remote-forward-refused';
			const first = await watch.waitFor(refused, 20_000);
			const second = await watch.waitFor(event => refused(event) && event.attempt! > first.attempt!, 20_000);
			assert.match(watch.lines.join('\n'), new RegExp(`remote port forwarding failed for listen port ${port}`));
			const gap = (event: WatchEventJson) => Date.parse(event.nextAt!) - Date.parse(event.at);
			assert.ok(gap(second) > gap(first), `backoff grows: ${gap(first)} ms, then ${gap(second)} ms`);
			// The session wakes, finds its client gone, ends, and frees the port: the next retry gets it.
			const from = watch.lines.length;
			for (const pid of frozen) signal(pid, 'SIGCONT');
			const restarted = await watch.waitFor(named('nat', 'restarted'), 20_000, from);
			assert.deepEqual(world.masters('nat'), [restarted.pid]);
			assert.ok(await until(async () => echoes(port), 5000), 'the server port forwards again');
			assert.equal((await watch.stop('SIGTERM')).code, 0);
		} finally {
			for (const pid of frozen) signal(pid, 'SIGCONT');
			await watch?.stop('SIGKILL');
		}
	});

	test('sshd stopped for a while, then started again: retries back off, and the tunnel comes back with sshd', T, async () => {
		const {sshd, echo, world} = setup();
		const port = await freePort();
		await world.setTunnels({b: {host: 'testhost', restart: 'always', keepAlive, local: [`${port}:127.0.0.2:${echo.port}`]}});
		let watch: RunningWatch | undefined;
		try {
			const sessions = await sessionsOf(sshd, async () => {
				watch = startWatch(world, ['--json', 'b']);
				await watch.waitFor(named('b', 'started'), 15_000);
			});
			assert.ok(watch);
			// The server goes away for good: no listener, and its sessions killed.
			await sshd.stop();
			for (const pid of sessions) signal(pid, 'SIGKILL');
			const down = Date.now();
			await watch.waitFor(named('b', 'lost'), 10_000);
			const failed = (event: WatchEventJson) => event.kind === 'start-failed' && event.failure?.failure?.kind === 'connection-refused';
			await watch.waitFor(event => failed(event) && event.attempt === 3, 15_000);
			const outage = Date.now() - down;
			await sshd.restart();
			const from = watch.lines.length;
			const restarted = await watch.waitFor(named('b', 'restarted'), 20_000, from);
			const attempts = watch.events().filter(event => failed(event));
			const gaps = attempts.map(event => Date.parse(event.nextAt!) - Date.parse(event.at));
			// 1 s, 2 s, 4 s … ± 20 %: no busy loop while sshd was gone.
			assert.ok(gaps.every((gap, index) => index === 0 || gap > gaps[index - 1]!), `gaps ${gaps.join(', ')}`);
			assert.ok(attempts.length <= 5, `${attempts.length} failed starts in ${outage} ms`);
			assert.equal(restarted.after?.kind, 'process-gone');
			assert.deepEqual(world.masters('b'), [restarted.pid]);
			assert.ok(await until(async () => echoes(port), 5000), 'the forward works again');
			assert.equal((await watch.stop('SIGTERM')).code, 0);
		} finally {
			await watch?.stop('SIGKILL');
			if (!isAlive(sshd.pid)) await sshd.restart();
		}
	});
});
