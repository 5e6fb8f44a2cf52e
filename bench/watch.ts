// How fast a forward comes back after its server session freezes (SIGSTOP of the sshd session
// process serving it: a dead network, without root): `tunnels watch` against `autossh -M 0` with the
// same keep-alives, both running at once, frozen in turn, alternating; with ServerAliveInterval=1 and
// ServerAliveCountMax=2 (`rounds` times), then with 5 s × 3, slower than the watcher's probe (half as
// many). The time is from the SIGSTOP until an echo round trip through the local port succeeds (a
// new attempt every 50 ms, so that one stuck on the old connection holds up nothing).
// Then the same race frozen again 3 s after each restore (rapid: each tool's quick-failure policy
// shows; the watcher restarts the first loss within 10 s of a start at once and backs off from the second: 2, 4, 8 … s;
// a table after the race sets both tools' waits side by side).
// Then: the CPU time an idle watcher of 20 tunnels uses over 60 s (/proc/PID/stat utime + stime),
// and what its probes cost the ssh clients and sshd sessions meanwhile. Loopback only.
// Spaced (`spaced`, not in the default run: 5 rounds take about 11 minutes): frozen 61 s after each
// restore, beyond autossh's own quick-failure backoff, so both tools meet each freeze fresh.
// The idle watcher is the login service's (`watch --service`, following its profile file); its RSS is shown too.
// Run: npm run build && node dist/bench/watch.js [rounds] [rapid|spaced|idle]    (default 5 rounds; a mode: that part only)
import {readFileSync} from 'node:fs';
import process from 'node:process';
import {setTimeout as sleep} from 'node:timers/promises';
import {execa} from 'execa';
import {roundTrip, startEchoServer, type EchoServer} from '../test/support/echo-server.js';
import {isAlive, processTable, signal, until} from '../test/support/processes.js';
import {startSshd, type TestSshd} from '../test/support/sshd.js';
import {spawnWatch, type RunningWatch} from '../test/support/watcher.js';
import {backoffMs, defaultBackoff} from '../src/watch/backoff.js';
import {median, ms, printTable} from './stats.js';
import {type Bench, cleanupStep, cleanUpTunnels, countArgument, createBench, findProcesses, interruption, loadLine, pickPorts} from './support.js';

const rounds = countArgument('rounds', 5, 50);
const mode = process.argv[3] ?? 'all';
if (!['all', 'rapid', 'spaced', 'idle'].includes(mode)) {
	throw new Error(`the mode is rapid, spaced or idle, not ${mode}`);
}

const signals = interruption();

// The watcher takes a tunnel lost sooner than 10 s after it came up for a flapping one and backs off
// (watch/settings.ts): each tool is frozen again only after that, autossh too, for the same pace.
const stableMs = 11_000;
const rapidGapMs = 3000;
/** past autossh's quick-failure window (it backs off after a failure within 60 s of its start) */
const spacedGapMs = 61_000;
const idleTunnels = 20;
const idleMs = 60_000; // one full look (every 60 s) and four probes of each server inside
const ticksPerSecond = 100; // getconf CLK_TCK on Linux

type Tool = {
	readonly name: string;
	readonly port: number;
	/** the sshd session processes serving its current connection */
	sessions: number[];
	restoredAt: number;
	readonly samples: number[];
};

const loadBefore = loadLine();
let sshd: TestSshd | undefined;
let echo: EchoServer | undefined;
let bench: Bench | undefined;
let watcher: RunningWatch | undefined;
/** the `-L` of the autossh running, if one is */
let autosshForward: string | undefined;
const frozen: number[] = [];
const cpu: Array<readonly string[]> = [];
try {
	sshd = await startSshd({extraConfig: ['MaxStartups 200']});
	echo = await startEchoServer('127.0.0.2');
	bench = await createBench(sshd.sshConfigFile);
	const [watchPort, autosshPort, ...idlePorts] = await pickPorts(2 + idleTunnels) as [number, number, ...number[]];
	// As autossh is usually told: a silence of about 2-3 s ends ssh. Then keep-alives slower than the
	// watcher's probe (5 s at most): there the probe sees the frozen server first.
	if (mode === 'all') {
		await race({interval: 1, countMax: 2}, rounds, [watchPort, autosshPort], stableMs);
		await race({interval: 5, countMax: 3}, Math.ceil(rounds / 2), [watchPort, autosshPort], stableMs);
	}

	if (mode === 'spaced') {
		await race({interval: 1, countMax: 2}, rounds, [watchPort, autosshPort], spacedGapMs);
	}

	if (mode === 'all' || mode === 'rapid') {
		await race({interval: 1, countMax: 2}, rounds, [watchPort, autosshPort], rapidGapMs);
		printBackoffs();
	}

	if (mode === 'all' || mode === 'idle') {
		await idleWatcher(idlePorts);
	}

	console.log(`${loadBefore} before; ${loadLine()} after`);
} finally {
	await cleanUp();
}

/** 20 tunnels kept up, nothing going wrong: the CPU time of the watcher, its masters and their sshd sessions. */
async function idleWatcher(idlePorts: readonly number[]): Promise<void> {
	const [b, server, target] = [bench!, sshd!, echo!];
	await b.writeProfile(idlePorts.map((port, index) => ({name: `idle${String(index + 1).padStart(2, '0')}`, local: `${port}:127.0.0.2:${target.port}`, more: {restart: 'always'}})));
	watcher = spawnWatch(b.env, ['--json', '--down-on-exit', '--service']);
	const idle = watcher;
	if (!(await until(() => idle.events().filter(event => event.kind === 'started').length === idleTunnels, 120_000, 100))) {
		throw new Error(`not all ${idleTunnels} tunnels started:\n${idle.lines.join('\n')}`);
	}

	await sleep(5000); // past the starts
	const masters = (await findProcesses(argv => argv[0]?.endsWith('ssh') === true && argv.some(arg => arg.startsWith(`ControlPath=${b.runtimeDir}`)))).map(found => found.pid);
	const sessions = (await server.sessionPids()).filter(pid => !frozen.includes(pid));
	const before = {watcher: cpuTicks([idle.pid]), masters: cpuTicks(masters), sessions: cpuTicks(sessions)};
	const linesBefore = idle.lines.length;
	await sleep(idleMs);
	const seconds = idleMs / 1000;
	const share = (ticks: number) => `${(ticks / ticksPerSecond).toFixed(2)} s CPU = ${((ticks / ticksPerSecond / seconds) * 100).toFixed(2)} %`;
	cpu.push(
		['tunnels watch (node)', share(cpuTicks([idle.pid]) - before.watcher)],
		[`${masters.length} ssh masters`, share(cpuTicks(masters) - before.masters)],
		[`${sessions.length} sshd sessions`, share(cpuTicks(sessions) - before.sessions)],
		['events meanwhile', String(idle.lines.length - linesBefore)],
		['tunnels watch RSS at the end', `${(residentKb(idle.pid) / 1024).toFixed(1)} MiB`],
	);
	printTable(`idle watcher of ${idleTunnels} tunnels (default keep-alive 15 s × 3: a probe of each server every 15 s, a full look every 60 s), over ${seconds} s`, [['process', 'CPU time over the window'], ...cpu]);
}

/**
 * `tunnels watch` and autossh, both with these keep-alives, each forward frozen in turn `count`
 * times, each `gapMs` after its last restore; prints the table. Leaves neither running.
 */
async function race(keepAlive: {readonly interval: number; readonly countMax: number}, count: number, [watchPort, autosshPort]: readonly [number, number], gapMs: number): Promise<void> {
	const [b, server, target] = [bench!, sshd!, echo!];
	await b.writeProfile([{name: 'bench', local: `${watchPort}:127.0.0.2:${target.port}`, more: {restart: 'always', keepAlive}}]);
	const known = new Set(await server.sessionPids());
	/** Sessions that appeared since the last call: the one tool that just connected. */
	const newSessions = async (): Promise<number[]> => {
		const fresh = (await server.sessionPids()).filter(pid => !known.has(pid));
		for (const pid of fresh) known.add(pid);
		return fresh;
	};

	const watch = spawnWatch(b.env, ['--json', '--down-on-exit']);
	watcher = watch;
	await watch.waitFor(event => event.kind === 'started', 30_000);
	const tunnels: Tool = {name: 'tunnels watch', port: watchPort, sessions: await newSessions(), restoredAt: Date.now(), samples: []};

	autosshForward = `${autosshPort}:127.0.0.2:${target.port}`;
	const autosshArgv = ['-M', '0', '-f', '-N', '-F', server.sshConfigFile, '-o', `ServerAliveInterval=${keepAlive.interval}`, '-o', `ServerAliveCountMax=${keepAlive.countMax}`, '-o', 'ExitOnForwardFailure=yes', '-L', autosshForward, 'testhost'];
	// AUTOSSH_GATETIME=0: a quick exit of ssh is no reason for autossh to give up.
	await execa('autossh', autosshArgv, {env: {...b.env, AUTOSSH_GATETIME: '0'}, extendEnv: false, stdin: 'ignore', timeout: 30_000});
	if (!(await until(async () => echoes(autosshPort, 500), 10_000))) throw new Error('the autossh forward did not come up');
	const autossh: Tool = {name: 'autossh -M 0', port: autosshPort, sessions: await newSessions(), restoredAt: Date.now(), samples: []};

	const reasons: string[] = [];
	for (let round = 0; round < count; round++) {
		for (const tool of round % 2 === 0 ? [tunnels, autossh] : [autossh, tunnels]) {
			if (signals.interrupted) throw new Error('interrupted');
			await sleep(Math.max(0, tool.restoredAt + gapMs - Date.now()));
			const from = watch.lines.length;
			for (const pid of tool.sessions) signal(pid, 'SIGSTOP');
			frozen.push(...tool.sessions);
			tool.samples.push(await timeToEcho(tool.port, Date.now()));
			tool.restoredAt = Date.now();
			if (tool === tunnels) {
				reasons.push((await watch.waitFor(event => event.kind === 'lost', 5000, from)).failure?.kind ?? '?');
			}

			// The frozen session, resumed, finds its client gone and ends; the new one carried the echo.
			for (const pid of tool.sessions) signal(pid, 'SIGCONT');
			tool.sessions = await newSessions();
			if (tool.sessions.length === 0) throw new Error(`${tool.name}: no sshd session for its new connection`);
		}
	}

	await watch.stop('SIGTERM');
	watcher = undefined;
	await stopAutossh();
	const row = (tool: Tool) => [tool.name, ms(median(tool.samples)), ms(Math.min(...tool.samples)), ms(Math.max(...tool.samples)), tool.samples.map(value => (value / 1000).toFixed(2)).join(' ')];
	printTable(`forward restored after its server session froze (SIGSTOP), keep-alive ${keepAlive.interval} s × ${keepAlive.countMax}, frozen ${gapMs / 1000} s after each restore, ${count} rounds each, alternating; loopback sshd`, [
		['tool', 'median', 'min', 'max', 'each (s)'],
		row(tunnels),
		row(autossh),
		['ratio tunnels / autossh', (median(tunnels.samples) / median(autossh.samples)).toFixed(2), '', '', 'aim: <= 1'],
	]);
	console.log(`what the watcher saw first: ${reasons.join(', ')} (unresponsive: its probe; process-gone: ssh's own keep-alive)`);
}

/**
 * What follows the rapid race's five losses: each tool's wait before restarting after the k-th loss in
 * a row soon after a start. Ours from watch/backoff.ts (the first such loss restarts at once: policy.ts
 * `lose`); autossh's from its source (autossh.c grace_time: a run under max(poll/10, 10 s) = 60 s is a
 * quick failure; five are restarted at once, then poll_time/100 × t × t/3 s = 2t² s with the default
 * poll of 600 s, capped at 600).
 */
function printBackoffs(): void {
	const losses = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
	const ours = losses.map(loss => (loss <= 1 ? 0 : backoffMs(loss, defaultBackoff, () => 0.5) / 1000));
	const autossh = losses.map(loss => Math.min(600, loss <= 5 ? 0 : 2 * (loss - 5) ** 2));
	printTable('wait before the restart after the k-th loss in a row soon after a start (tunnels: within 10 s, ±20 % jitter; autossh: within 60 s; not measured: from each policy)', [
		['k', ...losses.map(String)],
		['tunnels (s)', ...ours.map(String)],
		['autossh (s)', ...autossh.map(String)],
	]);
}

/** The first successful echo after `frozenAt`, in ms; a new attempt every 50 ms, each bounded. */
async function timeToEcho(port: number, frozenAt: number): Promise<number> {
	let restored: number | undefined;
	const attempts: Array<Promise<void>> = [];
	while (restored === undefined && Date.now() - frozenAt < 60_000) {
		attempts.push(roundTrip('127.0.0.1', port, 'ping', 3000).then(answer => {
			if (answer === 'ping') restored ??= Date.now() - frozenAt;
		}, () => undefined));
		await sleep(50);
	}

	await Promise.all(attempts);
	if (restored === undefined) throw new Error(`127.0.0.1:${port} did not echo within 60 s of the freeze`);
	return restored;
}

async function echoes(port: number, timeoutMs: number): Promise<boolean> {
	return roundTrip('127.0.0.1', port, 'ping', timeoutMs).then(answer => answer === 'ping', () => false);
}

/** VmRSS of a process, in KiB (0 when gone). */
function residentKb(pid: number): number {
	try {
		return Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
	} catch {
		return 0;
	}
}

/** utime + stime of these processes, in clock ticks (gone ones count 0). */
function cpuTicks(pids: readonly number[]): number {
	return pids.reduce((sum, pid) => {
		try {
			const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			return sum + Number(fields[11]) + Number(fields[12]);
		} catch {
			return sum;
		}
	}, 0);
}

/**
 * Ends the autossh of this run (SIGTERM: it ends its ssh too), found by its name and `-L`: it
 * rewrites its own command line, so no exact argv can find it. Waits (bounded) until it is dead.
 */
async function stopAutossh(): Promise<void> {
	const forward = autosshForward;
	const found = forward === undefined ? undefined : processTable().find(candidate => candidate.name === 'autossh' && candidate.state !== 'Z' && candidate.argv.join(' ').includes(`-L ${forward}`));
	autosshForward = undefined;
	if (found === undefined) return;
	signal(found.pid, 'SIGTERM');
	if (!(await until(() => !isAlive(found.pid), 5000))) signal(found.pid, 'SIGKILL');
}

/** Every process this benchmark started, each step on its own so that one failure does not skip the rest. */
async function cleanUp(): Promise<void> {
	for (const pid of frozen) signal(pid, 'SIGCONT');
	if (watcher !== undefined) await cleanupStep('watcher', async () => watcher?.stop('SIGTERM'));
	await cleanupStep('autossh', stopAutossh);
	await cleanUpTunnels({bench, echo, sshd, isLeftover: (argv, b) => argv[0]?.endsWith('ssh') === true && argv.some(arg => arg.includes(b.runtimeDir) || arg.includes(b.dir))});
}
