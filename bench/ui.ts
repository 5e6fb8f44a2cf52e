// The UI (issues 5 and 14): launch to first full frame, key to frame while refreshes run (p99), how
// long a refresh can keep a key waiting (event-loop delay, measured inside the UI process by
// bench/event-loop-probe.ts), idle CPU over a minute and the resident memory, with 200 tunnels of
// which 50 run (TUNNELS_BENCH_UI_TUNNELS, TUNNELS_BENCH_UI_RUNNING). The UI runs in a 120x50
// pseudo-terminal from `script`; `node -e 0` and `tunnels ls` of the same profile are timed in the
// same run for scale.
// Run: npm run build && node dist/bench/ui.js [launches]    (default 10; the minutes run once)
// TUNNELS_BENCH_UI_IDLE_MINUTES=10 keeps the idle part open 10 minutes (memory each minute).
// TUNNELS_BENCH_CPU_PROFILE=/tmp/ui.cpuprofile also profiles the minute, for Chrome DevTools.
// BENCH_BEFORE_BIN=path/to/bin/tunnels.js: another build's UI (main's) is launched alternating with
// this one, and runs the idle minute beside it, on the same profile under the same load: its first
// frame, CPU and memory in the same table.
import {spawn, type ChildProcess} from 'node:child_process';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import {setTimeout as delay} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {startSshd, type TestSshd} from '../test/support/sshd.js';
import {binPath} from '../test/support/paths.js';
import {isAlive, processTable, signal, until} from '../test/support/processes.js';
import {median, ms, percentile, printTable, timeMs} from './stats.js';
import {type Bench, cleanupStep, countArgument, createBench, loadLine, pickPorts} from './support.js';

const launches = countArgument('launches', 10, 100);

const tunnelCount = Number(process.env.TUNNELS_BENCH_UI_TUNNELS ?? 200);
const runningCount = Math.min(tunnelCount, Number(process.env.TUNNELS_BENCH_UI_RUNNING ?? 50));
const minuteMs = 60_000;
const idleMinutes = Number(process.env.TUNNELS_BENCH_UI_IDLE_MINUTES ?? 1);
if (!Number.isInteger(idleMinutes) || idleMinutes < 1 || idleMinutes > 60) {
	throw new Error(`TUNNELS_BENCH_UI_IDLE_MINUTES must be a whole number from 1 to 60, not ${process.env.TUNNELS_BENCH_UI_IDLE_MINUTES}`);
}
const probe = path.join(path.dirname(fileURLToPath(import.meta.url)), 'event-loop-probe.js');
const loadBefore = loadLine();
let sshd: TestSshd | undefined;
let bench: Bench | undefined;
const running = new Set<ChildProcess>();

/** The UI in a pseudo-terminal (`script`), its output as text without escape sequences. */
type Session = {
	readonly child: ChildProcess;
	readonly startedAt: number;
	text(): string;
	/** when the output first contained `needle`, waiting (bounded) for it */
	when(needle: string | RegExp, timeoutMs?: number): Promise<number>;
	/** writes a key and returns ms until the next output arrives (the next frame) */
	press(key: string): Promise<number>;
	quit(): Promise<void>;
};

const beforeBin = process.env['BENCH_BEFORE_BIN'];

function openUi(b: Bench, extraEnv: Record<string, string> = {}, bin = binPath): Session {
	// script(1) gives the UI a real pty; the command is fixed paths of this run, no profile values.
	const command = `${process.execPath} --import ${probe} ${bin}`;
	const child = spawn('script', ['-q', '-f', '-e', '-c', command, '/dev/null'], {env: {...b.env, ...extraEnv, TERM: 'xterm-256color', COLUMNS: '120', LINES: '50'}, stdio: ['pipe', 'pipe', 'inherit']});
	running.add(child);
	child.on('exit', () => running.delete(child));
	const startedAt = performance.now();
	let raw = '';
	let lastOutput = startedAt;
	child.stdout!.on('data', (chunk: Buffer) => {
		raw += chunk.toString('utf8');
		lastOutput = performance.now();
	});
	const text = () => raw.replaceAll(/\u001B\[[\d;?]*[A-Za-z]|\u001B\][^\u0007]*\u0007/g, '');
	return {
		child,
		startedAt,
		text,
		async when(needle, timeoutMs = 20_000) {
			const deadline = performance.now() + timeoutMs;
			while (performance.now() < deadline) {
				if (typeof needle === 'string' ? text().includes(needle) : needle.test(text())) return lastOutput;
				await delay(2);
			}

			throw new Error(`the UI never showed ${String(needle)}; last output:\n${text().slice(-2000)}`);
		},
		async press(key) {
			const before = raw.length;
			const sentAt = performance.now();
			child.stdin!.write(key);
			const deadline = sentAt + 5000;
			while (raw.length === before && performance.now() < deadline) await delay(1);
			return lastOutput - sentAt;
		},
		async quit() {
			child.stdin!.write('q');
			const exited = await until(() => child.exitCode !== null, 5000);
			if (!exited) child.kill('SIGKILL');
		},
	};
}

try {
	sshd = await startSshd({extraConfig: ['MaxStartups 100']});
	bench = await createBench(sshd.sshConfigFile);
	const b = bench;
	const ports = await pickPorts(tunnelCount);
	const tunnels = ports.map((port, index) => ({name: `t${String(index + 1).padStart(3, '0')}`, local: `${port}:127.0.0.1:${sshd!.port}`}));
	await b.writeProfile(tunnels);
	await b.tunnels(['up', '--batch', ...tunnels.slice(0, runningCount).map(({name}) => name)], {timeoutMs: 300_000});
	// The first rows and the footer (its start: script's terminal is 80 wide and may cut its end); a
	// list longer than the terminal shows its top at launch.
	const fullFrame = /t001[\s\S]*t010[\s\S]*enter start\/stop/;

	const firstFrame: number[] = [];
	const nodeStart: number[] = [];
	const ls: number[] = [];
	const firstFrameBefore: number[] = [];
	const launch = async (b: Bench, bin = binPath): Promise<number> => {
		const session = openUi(b, {}, bin);
		const shownAt = await session.when(fullFrame);
		if (!/● up +t001/.test(session.text())) throw new Error(`t01 is not shown up:\n${session.text().slice(-2000)}`);
		await session.quit();
		return shownAt - session.startedAt;
	};

	for (let run = 0; run < launches; run++) {
		nodeStart.push(await timeMs(async () => execa(process.execPath, ['-e', '0'])));
		ls.push(await timeMs(async () => b.tunnels(['ls'])));
		firstFrame.push(await launch(b));
		if (beforeBin !== undefined) firstFrameBefore.push(await launch(b, beforeBin));
	}

	// The minute: refreshes every 2 s with 20 tunnels, a key every half second, memory at the end.
	const probeOut = path.join(b.dir, 'probe.json');
	const session = openUi(b, {TUNNELS_BENCH_PROBE_OUT: probeOut, TUNNELS_BENCH_SETTLE_MS: '5000', ...(process.env.TUNNELS_BENCH_CPU_PROFILE === undefined ? {} : {TUNNELS_BENCH_CPU_PROFILE: process.env.TUNNELS_BENCH_CPU_PROFILE})});
	await session.when(fullFrame);
	const keyToFrame: number[] = [];
	const rss: Array<[number, number]> = [];
	const uiPid = await findUiPid(session.child.pid!);
	const end = performance.now() + minuteMs;
	for (let index = 0; performance.now() < end; index++) {
		await delay(500);
		keyToFrame.push(await session.press(index % 2 === 0 ? 'j' : 'k'));
		if (index % 20 === 0) rss.push([Math.round((performance.now() - session.startedAt) / 1000), await rssOf(uiPid)]);
	}

	rss.push([Math.round((performance.now() - session.startedAt) / 1000), await rssOf(uiPid)]);
	// The other build's UI, settled (its first refreshes done) before the minute starts.
	const other = beforeBin === undefined ? undefined : openUi(b, {}, beforeBin);
	const otherPid = other === undefined ? undefined : await findUiPid(other.child.pid!, beforeBin);
	if (other !== undefined) {
		await other.when(fullFrame);
		await delay(5000);
	}

	// Minutes with no keys (one, or TUNNELS_BENCH_UI_IDLE_MINUTES: issue 14's memory aim is after 10):
	// what the UI costs left open all day (refreshes every 2 s), its memory each minute.
	const cpuBefore = await cpuTicksOf(uiPid);
	const otherCpuBefore = otherPid === undefined ? 0 : await cpuTicksOf(otherPid);
	const idleFrom = performance.now();
	for (let minute = 0; minute < idleMinutes; minute++) {
		await delay(minuteMs);
		if (minute < idleMinutes - 1) rss.push([Math.round((performance.now() - session.startedAt) / 1000), await rssOf(uiPid)]);
	}

	const idleCpu = (await cpuTicksOf(uiPid) - cpuBefore) * 10 / (performance.now() - idleFrom);
	const otherIdle = otherPid === undefined ? undefined : {cpu: (await cpuTicksOf(otherPid) - otherCpuBefore) * 10 / (performance.now() - idleFrom), rss: await rssOf(otherPid)};
	rss.push([Math.round((performance.now() - session.startedAt) / 1000), await rssOf(uiPid)]);
	await session.quit();
	await other?.quit();
	const loop = JSON.parse(await readFile(probeOut, 'utf8')) as {maxMs: number; p99Ms: number; meanMs: number; samples: number};

	printTable(`tunnels UI with ${tunnelCount} tunnels (${runningCount} running), ${launches} launches (node -e 0 and tunnels ls alternating); loopback sshd`, [
		['measure', 'median', 'p90', 'max', 'aim'],
		['launch -> first full frame', ms(median(firstFrame)), ms(percentile(firstFrame, 0.9)), ms(Math.max(...firstFrame)), '< 500 ms'],
		...(firstFrameBefore.length === 0 ? [] : [['  the before build, alternating', ms(median(firstFrameBefore)), ms(percentile(firstFrameBefore, 0.9)), ms(Math.max(...firstFrameBefore)), '']]),
		['tunnels ls (same profile)', ms(median(ls)), ms(percentile(ls, 0.9)), ms(Math.max(...ls)), ''],
		['node -e 0', ms(median(nodeStart)), ms(percentile(nodeStart, 0.9)), ms(Math.max(...nodeStart)), ''],
		[`key -> next frame (${keyToFrame.length} keys over a minute of refreshes)`, ms(median(keyToFrame)), `p99 ${ms(percentile(keyToFrame, 0.99))}`, ms(Math.max(...keyToFrame)), 'p99 < 50 ms'],
		[`idle CPU over ${idleMinutes === 1 ? 'a minute' : `${idleMinutes} minutes`} (% of one core)`, `${(idleCpu * 100).toFixed(1)} %`, '', '', '< 3 %'],
		...(otherIdle === undefined ? [] : [
			['  the before build, the same minute', `${(otherIdle.cpu * 100).toFixed(1)} %`, '', '', ''],
			['  the before build\'s RSS after it', `${(otherIdle.rss / 1024 / 1024).toFixed(1)} MiB`, '', '', ''],
		]),
		[`event loop blocked (${loop.samples} samples, 5 s after start to quit)`, ms(loop.meanMs), `p99 ${ms(loop.p99Ms)}`, ms(loop.maxMs), 'max < 50 ms'],
	]);
	printTable('resident memory of the UI process', [['seconds after launch', 'RSS'], ...rss.map(([seconds, bytes]) => [String(seconds), `${(bytes / 1024 / 1024).toFixed(1)} MiB`])]);
	console.log(`ratios: first frame / tunnels ls ${(median(firstFrame) / median(ls)).toFixed(2)}, first frame / node -e 0 ${(median(firstFrame) / median(nodeStart)).toFixed(2)}`);
	console.log(`aims: first frame ${median(firstFrame) < 500 ? 'met' : 'NOT met'}; no refresh blocked keys over 50 ms: ${loop.maxMs < 50 ? 'met' : 'NOT met'}`);
	console.log(`${loadBefore} before; ${loadLine()} after`);
} finally {
	for (const child of running) child.kill('SIGKILL');
	if (bench !== undefined) {
		const b = bench;
		await cleanupStep('down --all', async () => b.tunnels(['down', '--all'], {allowFailure: true}));
		await cleanupStep('sandbox', async () => b.dispose());
	}

	await cleanupStep('sshd', async () => sshd?.dispose());
}

/** The node process running the UI: below script, through the shell script runs the command with. */
async function findUiPid(scriptPid: number, bin = binPath): Promise<number> {
	for (let attempt = 0; attempt < 100; attempt++) {
		const table = processTable();
		const below = new Set([scriptPid]);
		for (let depth = 0; depth < 3; depth++) for (const found of table) if (below.has(found.ppid)) below.add(found.pid);
		const ui = table.find(found => below.has(found.pid) && found.argv.includes(bin));
		if (ui !== undefined) return ui.pid;
		await delay(50);
	}

	throw new Error('the UI process was not found');
}

/** User and system time of a process so far, in clock ticks (USER_HZ, 100 a second on Linux). */
async function cpuTicksOf(pid: number): Promise<number> {
	const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return Number(fields[11]) + Number(fields[12]);
}

async function rssOf(pid: number): Promise<number> {
	if (!isAlive(pid)) throw new Error(`the UI (pid ${pid}) is gone`);
	const status = await readFile(`/proc/${pid}/status`, 'utf8');
	return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
}

process.on('SIGINT', () => {
	for (const child of running) signal(child.pid!, 'SIGKILL');
});
