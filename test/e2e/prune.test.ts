// `tunnels prune` and `tunnels kill`: every kind of stale tunnel of the design, built for real
// against a real sshd on 127.0.0.1, next to bystanders that must survive every prune.
//
// Other people's tunnels and tests run on this machine as the same user: every assertion here is
// about processes this file started (by PID) or sockets in its own sandbox's runtime directory,
// `prune --yes` never gets --include-outside (kills of ssh outside the profile go through `tunnels kill <our PID>`).
import assert from 'node:assert/strict';
import {spawn, type ChildProcess} from 'node:child_process';
import {existsSync} from 'node:fs';
import net, {type AddressInfo} from 'node:net';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {canConnect, freePort, roundTrip, startEchoServer, waitForPort, type EchoServer} from '../support/echo-server.js';
import {runForking} from '../support/forking.js';
import {startSshd, type TestSshd} from '../support/sshd.js';
import {createWorld, upPid, type World} from '../support/tunnels.js';
import {isAlive, processTable, readProc, signal, until} from '../support/processes.js';

const T = {timeout: 90_000};

/** `prune --json`, as much of it as the tests read. */
type PlanItem = {
	readonly action: 'kill' | 'remove-socket' | 'skip';
	readonly pid?: number;
	readonly path?: string;
	readonly argv?: readonly string[];
	readonly subject: {readonly kind: 'profile'; readonly name: string} | {readonly kind: 'orphan' | 'outside'};
	readonly forwards?: readonly string[];
	readonly why: string;
	readonly because?: string;
	readonly note?: string;
};
type PruneJson = {
	readonly plan: readonly PlanItem[];
	readonly executed: boolean;
	readonly outcomes: ReadonlyArray<PlanItem & {readonly result: {readonly kind: string; readonly by?: string; readonly reason?: string}}>;
};

/** A listening socket held by this test process: "another program" on a tunnel's port. */
type Blocker = {readonly port: number; close(): Promise<void>};

async function startBlocker(): Promise<Blocker> {
	const server = net.createServer(socket => socket.destroy());
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen({host: '127.0.0.1', port: 0}, () => resolve());
	});
	return {port: (server.address() as AddressInfo).port, close: async () => new Promise<void>(resolve => server.close(() => resolve()))};
}

/** The one live ssh process whose argv has every one of these arguments, waited for (bounded). */
async function sshWith(args: readonly string[], except: readonly number[] = []): Promise<number> {
	let found: number[] = [];
	await until(() => {
		found = processTable()
			.filter(p => p.state !== 'Z' && path.basename(p.argv[0] ?? '') === 'ssh' && !except.includes(p.pid) && args.every(arg => p.argv.includes(arg)))
			.map(p => p.pid);
		return found.length > 0;
	}, 5000);
	assert.equal(found.length, 1, `one ssh with ${args.join(' ')}: ${found.join(', ') || 'none'}`);
	return found[0]!;
}

/** The first line a child prints on stdout (bounded). */
async function firstLine(child: ChildProcess, timeoutMs = 5000): Promise<string> {
	return new Promise<string>((resolve, reject) => {
		let text = '';
		const timer = setTimeout(() => reject(new Error(`no line on stdout within ${timeoutMs} ms`)), timeoutMs);
		child.stdout!.setEncoding('utf8');
		child.stdout!.on('data', (chunk: string) => {
			text += chunk;
			const end = text.indexOf('\n');
			if (end >= 0) {
				clearTimeout(timer);
				resolve(text.slice(0, end));
			}
		});
	});
}

type Life = 'alive' | 'stopped' | 'zombie' | 'gone';

function life(pid: number): Life {
	const found = readProc(pid);
	if (found === undefined || found.state === 'X') return 'gone';
	if (found.state === 'Z') return 'zombie';
	return found.state === 'T' || found.state === 't' ? 'stopped' : 'alive';
}

/**
 * Dead or alive, for a process whose parent may be slow to reap: a killed `ssh -f` belongs to PID 1,
 * which reaps when it likes (design.md: a killed background ssh may linger as a zombie).
 */
function fate(pid: number): 'alive' | 'stopped' | 'dead' {
	const now = life(pid);
	return now === 'zombie' || now === 'gone' ? 'dead' : now;
}

describe('tunnels prune and kill against a real sshd', () => {
	let sshd: TestSshd | undefined;
	let echo: EchoServer | undefined; // every tunnel's target, on 127.0.0.2
	let world: World | undefined;
	const blockers: Blocker[] = [];
	const children: ChildProcess[] = []; // spawned directly: interactive ssh, sleep, the zombie's parent
	const frozen: number[] = []; // sshd session processes we stopped: SIGCONT in cleanup
	const remoteCommands: number[] = []; // the interactive session's remote `sleep 599`, on this same machine

	before(async () => {
		[sshd, echo] = await Promise.all([startSshd({extraConfig: ['MaxStartups 50']}), startEchoServer('127.0.0.2')]);
		world = await createWorld(sshd);
	});
	after(async () => {
		for (const pid of frozen) signal(pid, 'SIGCONT');
		for (const child of children) {
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
		}
		await until(() => children.every(child => child.exitCode !== null || child.signalCode !== null), 5000);
		await world?.dispose(); // down --all, then SIGKILL by PID whatever of ours is left (tracked PIDs too)
		await Promise.allSettled([sshd?.dispose(), echo?.close(), ...blockers.map(async blocker => blocker.close())]);
		for (const pid of remoteCommands) {
			if (readProc(pid)?.argv.join(' ') === 'sleep 599') signal(pid, 'SIGKILL');
		}
	});

	test('prune removes exactly the stale tunnels and sockets; bystanders and --dry-run change nothing', T, async () => {
		assert.ok(sshd && echo && world);
		const w = world;
		const cfg = sshd.sshConfigFile;
		const scratch = w.sandbox.dir;
		const target = `127.0.0.2:${echo.port}`;
		const takenBlocker = await startBlocker();
		const foreignBlocker = await startBlocker();
		blockers.push(takenBlocker, foreignBlocker);
		const [pHealthy, pDead, pDup, pDupCopy, pGone, pFrozen, pZombie] = (await Promise.all(Array.from({length: 7}, async () => freePort()))) as [number, number, number, number, number, number, number];
		const pTaken = takenBlocker.port;
		const pForeign = foreignBlocker.port;
		const all = {
			healthy: {host: 'testhost', local: [`${pHealthy}:${target}`]},
			dead: {host: 'testhost', local: [`${pDead}:${target}`]},
			dup: {host: 'testhost', local: [`${pDup}:${target}`]},
			gone: {host: 'testhost', local: [`${pGone}:${target}`]},
			frozen: {host: 'testhost', local: [`${pFrozen}:${target}`]},
			taken: {host: 'testhost', local: [`${pTaken}:${target}`]},
		};
		await w.setTunnels(all);

		// --- the tunnels the tool starts ---
		const up = await w.run(['up', 'healthy', 'dead', 'dup', 'gone']);
		assert.equal(up.exitCode, 0, up.stderr);
		const healthy = upPid(up.stdout, 'healthy');
		const dead = upPid(up.stdout, 'dead');
		const dup = upPid(up.stdout, 'dup');
		const gone = upPid(up.stdout, 'gone');

		// Frozen server: the sshd sessions that appear with this tunnel serve it, and only it.
		const sessionsBefore = await sshd.sessionPids();
		const upFrozen = await w.run(['up', 'frozen']);
		assert.equal(upFrozen.exitCode, 0, upFrozen.stderr);
		const frozenPid = upPid(upFrozen.stdout, 'frozen');
		const frozenSessions = (await sshd.sessionPids()).filter(pid => !sessionsBefore.includes(pid));
		assert.ok(frozenSessions.length > 0, 'the frozen tunnel has its own sshd session');
		frozen.push(...frozenSessions);
		for (const pid of frozenSessions) signal(pid, 'SIGSTOP');
		assert.ok(await until(() => frozenSessions.every(pid => life(pid) === 'stopped'), 2000), 'its sshd session is stopped');

		// --- stale ones made by hand ---
		// Started side by side: none of them touches the frozen session or another's ports.
		// Without the tunnel's `-E LOG`: these hand-made copies' errors are read from their stderr.
		const withoutLog = (argv: string[]) => argv.filter((arg, index) => arg !== '-E' && argv[index - 1] !== '-E');
		const [takenArgv, dupArgv] = await Promise.all(['taken', 'dup'].map(async name => withoutLog(JSON.parse((await w.run(['print', name, '--json'])).stdout) as string[])));
		assert.ok(takenArgv?.includes('ExitOnForwardFailure=yes'), takenArgv?.join(' '));
		assert.ok(dupArgv?.includes(`${pDup}:${target}`), dupArgv?.join(' '));
		const foreignSpec = `127.0.0.1:${pForeign}:${target}`;
		const zombieSpec = `127.0.0.1:${pZombie}:${target}`;

		// Bystander: an interactive ssh session, no forwards.
		const interactiveChild = spawn('ssh', ['-F', cfg, 'testhost', 'sleep', '599'], {stdio: 'ignore'});
		children.push(interactiveChild);
		const interactive = interactiveChild.pid!;
		// Bystander: a zombie ssh tunnel, soon; its parent (sh exec'd into sleep) never reaps it.
		const zombieParent = spawn('sh', ['-c', `ssh -F '${cfg}' -N -L ${zombieSpec} testhost </dev/null >/dev/null 2>&1 & echo $!; exec sleep 600`], {stdio: ['ignore', 'pipe', 'ignore']});
		children.push(zombieParent);

		const [takenStart, dupStart, foreignStart, zombieLine] = await Promise.all([
			// A profile tunnel without ExitOnForwardFailure whose IPv4 port is held by another
			// program (it binds only [::1]): runs, holds not what it asked for.
			runForking(takenArgv!.map(arg => (arg === 'ExitOnForwardFailure=yes' ? 'ExitOnForwardFailure=no' : arg)), scratch),
			// The same profile twice: the tunnel's own argv with another local port, so that it binds.
			runForking(dupArgv!.map(arg => (arg === `${pDup}:${target}` ? `${pDupCopy}:${target}` : arg)), scratch),
			// Foreign: a hand-started `ssh -f -N -L` on a port another program holds, no ExitOnForwardFailure.
			runForking(['ssh', '-F', cfg, '-f', '-N', '-L', foreignSpec, 'testhost'], scratch),
			firstLine(zombieParent),
		]);
		const zombie = Number(zombieLine);
		assert.ok(Number.isInteger(zombie) && zombie > 0, zombieLine);
		w.track(zombie);

		assert.equal(takenStart.code, 0, takenStart.stderr);
		assert.match(takenStart.stderr, new RegExp(`bind \\[127\\.0\\.0\\.1\\]:${pTaken}: Address already in use`));
		const taken = await sshWith([`ControlPath=${w.controlPath('taken')}`]);

		assert.equal(dupStart.code, 0, dupStart.stderr);
		assert.match(dupStart.stderr, /ControlSocket .* already exists, disabling multiplexing/);
		const dupCopy = await sshWith([`ControlPath=${w.controlPath('dup')}`, `${pDupCopy}:${target}`]);
		assert.notEqual(dupCopy, dup);

		assert.equal(foreignStart.code, 0, foreignStart.stderr);
		assert.match(foreignStart.stderr, new RegExp(`bind \\[127\\.0\\.0\\.1\\]:${pForeign}: Address already in use`));
		const foreign = await sshWith(['-L', foreignSpec]);
		w.track(foreign);

		// The interactive session really runs its remote command; the zombie-to-be is a real tunnel.
		// Its remote `sleep` outlives the session without a terminal (no SIGHUP): cleanup kills it by PID.
		const interactiveConnected = until(async () => {
			const sessions = new Set(await sshd!.sessionPids());
			const table = new Map(processTable().map(p => [p.pid, p]));
			const remote = [...table.values()].find(p => {
				if (p.argv[0] !== 'sleep' || p.argv[1] !== '599') return false;
				for (let parent = table.get(p.ppid), depth = 0; parent && depth < 4; parent = table.get(parent.ppid), depth++) {
					if (sessions.has(parent.pid)) return true;
				}
				return false;
			});
			if (remote !== undefined) remoteCommands.push(remote.pid);
			return remote !== undefined;
		}, 10_000);
		await Promise.all([waitForPort('127.0.0.1', pDupCopy, 5000), waitForPort('127.0.0.1', pZombie, 10_000)]);
		assert.ok(await interactiveConnected, 'the interactive session runs its remote command');
		signal(zombie, 'SIGKILL');
		assert.ok(await until(() => life(zombie) === 'zombie', 3000), 'the killed ssh stays a zombie');
		assert.equal(readProc(zombie)?.ppid, zombieParent.pid);

		// Bystander: not ssh at all.
		const sleeper = spawn('sleep', ['600'], {stdio: 'ignore'});
		children.push(sleeper);
		const sleeperPid = sleeper.pid!;

		// A master killed with SIGKILL leaves its socket file.
		signal(dead, 'SIGKILL');
		assert.ok(await until(() => !isAlive(dead), 3000), 'the killed master is dead');
		assert.ok(existsSync(w.controlPath('dead')), 'SIGKILL leaves the socket file');

		// A running tunnel whose profile is deleted from the file.
		const {gone: _removed, ...kept} = all;
		await w.setTunnels(kept);

		const names = ['healthy', 'dead', 'dup', 'gone', 'frozen', 'taken'] as const;
		// The zombie is left out of `pids`: it is dead either way; its own assertions follow it.
		const pids = {healthy, dup, dupCopy, gone, frozenPid, taken, foreign, interactive, sleeperPid};
		const mine = new Set<number>([...Object.values(pids), zombie, dead]);
		const snapshot = () => ({
			processes: Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, fate(pid)])),
			zombie: life(zombie),
			sockets: Object.fromEntries(names.map(name => [name, existsSync(w.controlPath(name))])),
		});
		const start = snapshot();
		assert.deepEqual(start, {
			processes: {healthy: 'alive', dup: 'alive', dupCopy: 'alive', gone: 'alive', frozenPid: 'alive', taken: 'alive', foreign: 'alive', interactive: 'alive', sleeperPid: 'alive'},
			zombie: 'zombie',
			sockets: {healthy: true, dead: true, dup: true, gone: true, frozen: true, taken: true},
		});
		assert.equal(await roundTrip('127.0.0.1', pHealthy, 'healthy before'), 'healthy before');

		// --- tunnels kill PID refuses what is not a tunnel, signalling nothing ---
		const refused = await w.run(['kill', String(sleeperPid), String(zombie), String(interactive)]);
		assert.equal(refused.exitCode, 1);
		assert.equal(refused.stdout, '');
		assert.deepEqual(refused.stderr.split('\n'), [
			`refused: ${sleeperPid}: not an ssh process; nothing was signalled`,
			`refused: ${zombie}: a zombie: already dead, its parent must reap it; nothing was signalled`,
			`refused: ${interactive}: an ssh without forwards (an interactive session or a control client); nothing was signalled`,
			'',
		]);
		assert.deepEqual(snapshot(), start, '`tunnels kill` of non-tunnels changed nothing');
		assert.equal(readProc(zombie)?.ppid, zombieParent.pid, 'the zombie still waits for its own parent');

		// --- prune --dry-run, as people read it: one line each, with PID, subject, forwards, reason ---
		// Both dry runs at once (they only read): the probe of the frozen tunnel costs its timeout in each.
		const dryStarted = Date.now();
		const [dry, dryForeign] = await Promise.all([
			w.run(['prune', '--dry-run']).then(result => ({...result, ms: Date.now() - dryStarted})),
			w.run(['prune', '--dry-run', '--json', '--include-outside']),
		]);
		const dryMs = dry.ms;
		assert.equal(dry.exitCode, 0, dry.stderr);
		const lines = dry.stdout.split('\n');
		const lineFor = (needle: string) => {
			const found = lines.filter(line => line.includes(needle));
			assert.equal(found.length, 1, `one line with ${JSON.stringify(needle)} in:\n${dry.stdout}`);
			return found[0]!;
		};
		assert.equal(lineFor(`pid ${dupCopy} `), `kill    pid ${dupCopy} · dup · L ${pDupCopy}:${target} · a second process for the same tunnel`);
		assert.equal(lineFor(`pid ${gone} `), `kill    pid ${gone} · not in the profile · L ${pGone}:${target} · its tunnel is no longer in the profile file`);
		assert.equal(lineFor(`pid ${frozenPid} `), `kill    pid ${frozenPid} · frozen · L ${pFrozen}:${target} · the server does not answer through it`);
		assert.match(lineFor(`pid ${taken} `), new RegExp(`^kill    pid ${taken} · taken · L ${pTaken}:${target} · runs without all of its listeners \\(port ${pTaken} is now held by pid ${process.pid} \\(.*\\); it is left alone\\)$`));
		assert.equal(lineFor(w.runtimeDir), `remove  ${w.controlPath('dead')} · dead · control socket left behind by a dead master`);
		assert.match(lineFor(`pid ${foreign} `), new RegExp(`^skip    pid ${foreign} · outside the profile · L ${foreignSpec} · runs without all of its listeners; not this profile's: pass --include-outside`));
		for (const pid of [healthy, dup, interactive, zombie, sleeperPid]) {
			assert.ok(!lines.some(line => line.includes(`pid ${pid} `)), `pid ${pid} is not in the plan:\n${dry.stdout}`);
		}
		// The probe through the frozen tunnel's master gives up at its timeout (5 s): the whole run is
		// bounded (generously: other suites load this machine, and node starts slowly then).
		assert.ok(dryMs < 20_000, `prune --dry-run with a frozen server took ${dryMs} ms`);
		// --- the plan as data, foreign tunnels included: ours is planned for a kill now ---
		const ofMine = (items: readonly PlanItem[]) =>
			items
				.filter(item => (item.pid !== undefined && mine.has(item.pid)) || item.path?.startsWith(`${w.runtimeDir}/`))
				.map(item => ({action: item.action, who: item.pid ?? item.path, subject: item.subject, why: item.why, because: item.because}))
				.sort((a, b) => String(a.who).localeCompare(String(b.who)));
		const stale = [
			{action: 'kill', who: dupCopy, subject: {kind: 'profile', name: 'dup'}, why: 'duplicate', because: undefined},
			{action: 'kill', who: gone, subject: {kind: 'orphan'}, why: 'orphan', because: undefined},
			{action: 'kill', who: frozenPid, subject: {kind: 'profile', name: 'frozen'}, why: 'unresponsive', because: undefined},
			{action: 'kill', who: taken, subject: {kind: 'profile', name: 'taken'}, why: 'no-listener', because: undefined},
			{action: 'remove-socket', who: w.controlPath('dead'), subject: {kind: 'profile', name: 'dead'}, why: 'socket-refused', because: undefined},
		];
		assert.equal(dryForeign.exitCode, 0, dryForeign.stderr);
		const planned = JSON.parse(dryForeign.stdout) as PruneJson;
		assert.equal(planned.executed, false);
		assert.deepEqual(planned.outcomes, []);
		const sorted = (items: readonly object[]) => [...items].sort((a, b) => String((a as {who: unknown}).who).localeCompare(String((b as {who: unknown}).who)));
		assert.deepEqual(ofMine(planned.plan), sorted([...stale, {action: 'kill', who: foreign, subject: {kind: 'outside'}, why: 'no-listener', because: undefined}]));
		const foreignItem = planned.plan.find(item => item.pid === foreign);
		assert.deepEqual(foreignItem?.forwards, [`L ${foreignSpec}`]);
		assert.deepEqual(foreignItem?.argv, ['ssh', '-F', cfg, '-f', '-N', '-L', foreignSpec, 'testhost']);
		assert.deepEqual(snapshot(), start, '--dry-run, with --include-foreign or not, changed nothing');

		// --- prune --yes (never with --include-foreign here: other people's tunnels run on this machine) ---
		const pruned = await w.run(['prune', '--yes', '--json']);
		assert.equal(pruned.exitCode, 0, `${pruned.stdout}\n${pruned.stderr}`);
		const done = JSON.parse(pruned.stdout) as PruneJson;
		assert.equal(done.executed, true);
		assert.deepEqual(ofMine(done.plan), sorted([...stale, {action: 'skip', who: foreign, subject: {kind: 'outside'}, why: 'no-listener', because: 'outside'}]));
		const results = Object.fromEntries(done.outcomes.filter(outcome => (outcome.pid !== undefined && mine.has(outcome.pid)) || outcome.path?.startsWith(`${w.runtimeDir}/`)).map(outcome => [String(outcome.pid ?? outcome.path), outcome.result]));
		assert.deepEqual(Object.keys(results).sort(), stale.map(item => String(item.who)).sort(), 'an outcome for each stale one, none for the skipped foreign tunnel');
		// Never `-O exit` through the socket for the copy: that socket's master is the one to keep.
		assert.deepEqual(results[String(dupCopy)], {kind: 'stopped', by: 'SIGTERM'});
		for (const pid of [gone, frozenPid, taken]) assert.equal(results[String(pid)]?.kind, 'stopped', `pid ${pid}: ${JSON.stringify(results[String(pid)])}`);
		assert.deepEqual(results[w.controlPath('dead')], {kind: 'removed'});

		assert.deepEqual(snapshot(), {
			processes: {...start.processes, dupCopy: 'dead', gone: 'dead', frozenPid: 'dead', taken: 'dead'},
			zombie: 'zombie',
			sockets: {healthy: true, dead: false, dup: true, gone: false, frozen: false, taken: false},
		});
		// Killing the stale ssh left alone whoever holds its ports now.
		assert.ok(await canConnect('127.0.0.1', pTaken, 1000), 'the program holding the taken port still listens');
		assert.ok(await canConnect('127.0.0.1', pForeign, 1000));
		assert.equal(await roundTrip('127.0.0.1', pHealthy, 'healthy after'), 'healthy after');
		assert.equal(await roundTrip('127.0.0.1', pDup, 'kept copy'), 'kept copy');
		assert.equal(await canConnect('127.0.0.1', pDupCopy, 500), false, 'the second copy no longer listens');
		const ls = await w.ls();
		assert.deepEqual(Object.fromEntries(ls.tunnels.map(tunnel => [tunnel.name, tunnel.state])), {healthy: 'up', dead: 'down', dup: 'up', frozen: 'down', taken: 'down'});
		assert.equal(ls.tunnels.find(tunnel => tunnel.name === 'healthy')?.pid, healthy);
		assert.equal(ls.tunnels.find(tunnel => tunnel.name === 'dup')?.pid, dup);

		// Nothing of ours is stale any more but the foreign tunnel, still skipped.
		const again = await w.run(['prune', '--dry-run', '--json']);
		assert.equal(again.exitCode, 0, again.stderr);
		assert.deepEqual(ofMine((JSON.parse(again.stdout) as PruneJson).plan), [{action: 'skip', who: foreign, subject: {kind: 'outside'}, why: 'no-listener', because: 'outside'}]);

		// --- the foreign tunnel goes by its PID; the port's holder stays ---
		const killForeign = await w.run(['kill', String(foreign)]);
		assert.equal(killForeign.exitCode, 0, killForeign.stderr);
		assert.match(killForeign.stdout, new RegExp(`^killed ${foreign} · (SIGTERM|SIGKILL)\\n$`));
		assert.equal(fate(foreign), 'dead');
		assert.ok(await canConnect('127.0.0.1', pForeign, 1000));
		assert.deepEqual(snapshot(), {
			processes: {...start.processes, dupCopy: 'dead', gone: 'dead', frozenPid: 'dead', taken: 'dead', foreign: 'dead'},
			zombie: 'zombie',
			sockets: {healthy: true, dead: false, dup: true, gone: false, frozen: false, taken: false},
		});
	});
});

