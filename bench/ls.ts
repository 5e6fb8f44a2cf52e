// `tunnels ls --json` and `tunnels prune --dry-run` with 0, 10, 50 and 200 running tunnels (the
// profile holds exactly the running ones; each tunnel its own local port to one echo server), under
// each observation backend side by side (/proc and portable: ps + lsof; issues 17, 18), with
// `node -e 0` in the same loop and `ps -e` once for reference. With BENCH_BEFORE_BIN=path/to/bin/tunnels.js
// the same `ls --json` of another build (main's) alternates in the loop: before and after in one run. Tunnels are started with `tunnels up --batch NAME...` (ups of
// different tunnels run in parallel) and all taken down at the end (`down --all`), then checked:
// no ssh process may name the runtime directory.
// Run: npm run build && node dist/bench/ls.js [runs per size] [sizes]    (default 10, 10,50,200)
import path from 'node:path';
import process from 'node:process';
import {execa} from 'execa';
import {roundTrip, startEchoServer, type EchoServer} from '../test/support/echo-server.js';
import {startSshd, type TestSshd} from '../test/support/sshd.js';
import {median, ms, percentile, printTable, timeMs} from './stats.js';
import {type Bench, cleanupStep, countArgument, createBench, findProcesses, interruption, killExact, loadLine, pickPorts} from './support.js';

const runs = countArgument('runs', 10, 200);

const sizes = (process.argv[3] ?? '10,50,200').split(',').map(Number);
if (sizes.some(size => !Number.isInteger(size) || size < 1 || size > 400) || sizes.some((size, index) => index > 0 && size <= sizes[index - 1]!)) {
	throw new Error(`sizes must be rising integers from 1 to 400, comma-separated, not ${process.argv[3]}`);
}

const largest = sizes.at(-1)!;
const beforeBin = process.env['BENCH_BEFORE_BIN'];
const portable = {TUNNELS_OBSERVE: 'portable'} as const;
const signals = interruption();

type Row = {running: number; ls: number[]; lsPortable: number[]; lsBefore: number[]; prune: number[]; prunePortable: number[]; node: number[]; upMs: number | undefined; jsonBytes: number};
const rows: Row[] = [];
const loadBefore = loadLine();
let sshd: TestSshd | undefined;
let echo: EchoServer | undefined;
let bench: Bench | undefined;
try {
	// Many tunnels started by one `up`, 4 at a time; the bench's sshd takes more at once anyway so that
	// the sizes are set up whatever the start path does (bench/up-all.ts measures that, with the default).
	sshd = await startSshd({extraConfig: ['MaxStartups 400', 'MaxSessions 400']});
	echo = await startEchoServer('127.0.0.2');
	bench = await createBench(sshd.sshConfigFile);
	const b = bench;
	const target = echo.port;
	const tunnels: Array<{name: string; port: number; local: string}> = [];
	for (const [index, port] of (await pickPorts(largest)).entries()) {
		tunnels.push({name: `t${String(index + 1).padStart(3, '0')}`, port, local: `${port}:127.0.0.2:${target}`});
	}

	const measure = async (running: number, upMs: number | undefined): Promise<void> => {
		// Untimed first call: checks every tunnel is up (and warms the page cache).
		const {stdout} = await b.tunnels(['ls', '--json']);
		const parsed = JSON.parse(stdout) as {tunnels: Array<{name: string; state: string}>};
		const notUp = parsed.tunnels.filter(tunnel => tunnel.state !== 'up');
		if (parsed.tunnels.length !== Math.max(running, 1) || (running > 0 && notUp.length > 0)) {
			throw new Error(`expected ${running} tunnels up, ls says: ${parsed.tunnels.map(tunnel => `${tunnel.name}=${tunnel.state}`).join(' ')}`);
		}

		const portableSays = JSON.parse((await b.tunnels(['ls', '--json'], {env: portable})).stdout) as {tunnels: Array<{name: string; state: string}>};
		if (JSON.stringify(portableSays.tunnels.map(tunnel => tunnel.state)) !== JSON.stringify(parsed.tunnels.map(tunnel => tunnel.state))) {
			throw new Error(`the portable backend disagrees: ${portableSays.tunnels.map(tunnel => `${tunnel.name}=${tunnel.state}`).join(' ')}`);
		}

		const row: Row = {running, ls: [], lsPortable: [], lsBefore: [], prune: [], prunePortable: [], node: [], upMs, jsonBytes: stdout.length};
		for (let run = 0; run < runs; run++) {
			if (signals.interrupted) throw new Error('interrupted');
			row.node.push(await timeMs(async () => execa(process.execPath, ['-e', '0'])));
			row.ls.push(await timeMs(async () => b.tunnels(['ls', '--json'])));
			row.lsPortable.push(await timeMs(async () => b.tunnels(['ls', '--json'], {env: portable})));
			if (beforeBin !== undefined) row.lsBefore.push(await timeMs(async () => b.tunnels(['ls', '--json'], {bin: beforeBin})));
			// Issue 4: probes every up tunnel's server through its master, in parallel with a bound.
			row.prune.push(await timeMs(async () => b.tunnels(['prune', '--dry-run'])));
			row.prunePortable.push(await timeMs(async () => b.tunnels(['prune', '--dry-run'], {env: portable})));
		}

		rows.push(row);
	};

	// 0 running: a profile of one tunnel that is down.
	await b.writeProfile(tunnels.slice(0, 1));
	await measure(0, undefined);
	let started = 0;
	for (const size of sizes) {
		const batch = tunnels.slice(started, size);
		await b.writeProfile(tunnels.slice(0, size));
		const upMs = await timeMs(async () => b.tunnels(['up', '--batch', ...batch.map(tunnel => tunnel.name)], {timeoutMs: 180_000}));
		started = size;
		// Every forward really carries bytes (untimed).
		for (const tunnel of batch) {
			const echoed = await roundTrip('127.0.0.1', tunnel.port, tunnel.name, 3000);
			if (echoed !== tunnel.name) throw new Error(`${tunnel.name}: no echo through ${tunnel.port}`);
		}

		await measure(size, upMs);
	}

	let psOut = '';
	const psMs = await timeMs(async () => {
		psOut = String((await execa('ps', ['-e'])).stdout);
	});
	printResults(psMs, psOut.trim().split('\n').length - 1);

	// Down: a failure here is a finding (printed), not a reason to skip the check below; cleanUp() retries.
	let down = {exitCode: -1, stdout: '', stderr: ''};
	const downMs = await timeMs(async () => {
		down = await b.tunnels(['down', '--all'], {allowFailure: true, timeoutMs: 120_000});
	});
	const left = (await ourSsh(b)).map(found => found.pid);
	console.log(`down --all of ${largest}: ${ms(downMs)}, exit ${down.exitCode}${down.exitCode === 0 ? '' : ` (${firstLines(down.stderr)})`}; ssh left naming the runtime directory: ${left.length === 0 ? 'none' : left.join(', ')}`);
	if (down.exitCode !== 0 || left.length > 0) process.exitCode = 1;
} finally {
	await cleanUp();
}

function printResults(psMs: number, processCount: number): void {
	const at = (running: number): number => median(rows.find(row => row.running === running)?.ls ?? []);
	const ratio = (values: readonly number[], row: Row) => `${(median(values) / median(row.node)).toFixed(2)}x`;
	printTable(`tunnels ls --json and prune --dry-run by running tunnels, /proc and portable (ps + lsof) side by side, ${runs} runs each (node -e 0 alternating); loopback sshd`, [
		['running', 'ls /proc', 'ls p90', 'ls portable', ...(beforeBin === undefined ? [] : ['ls before']), 'prune /proc', 'prune portable', 'node -e 0', 'ls/node', 'portable/node', 'prune/node', 'up --batch (new ones)', 'json'],
		...rows.map((row, index) => [
			String(row.running),
			ms(median(row.ls)),
			ms(percentile(row.ls, 0.9)),
			ms(median(row.lsPortable)),
			...(beforeBin === undefined ? [] : [`${ms(median(row.lsBefore))} (${ratio(row.lsBefore, row)})`]),
			ms(median(row.prune)),
			ms(median(row.prunePortable)),
			ms(median(row.node)),
			ratio(row.ls, row),
			ratio(row.lsPortable, row),
			ratio(row.prune, row),
			row.upMs === undefined ? '' : `${ms(row.upMs)} (${row.running - (rows[index - 1]?.running ?? 0)})`,
			`${row.jsonBytes} B`,
		]),
	]);
	const portableAt = (running: number): number => median(rows.find(row => row.running === running)?.lsPortable ?? []);
	printTable('growth of ls --json (per added tunnel)', [
		['step', '/proc', 'portable'],
		...rows.slice(1).map((row, index) => {
			const from = rows[index]!.running;
			return [`${from} -> ${row.running}`, ms((at(row.running) - at(from)) / (row.running - from)), ms((portableAt(row.running) - portableAt(from)) / (row.running - from))];
		}),
	]);
	const top = rows.at(-1)!;
	console.log(`aim (issue 17): ls --json and prune --dry-run with ${top.running} running under 2.5x node -e 0: ls ${ratio(top.ls, top)}, prune ${ratio(top.prune, top)}, portable ls ${ratio(top.lsPortable, top)}`);
	console.log(`reference: ps -e once ${ms(psMs)} (${processCount} processes on the machine)`);
	console.log(`${loadBefore} before; ${loadLine()} after`);
}

function firstLines(text: string): string {
	return text.trim().split('\n').slice(0, 3).join(' | ');
}

/** Live ssh processes whose argv names our runtime directory: ours, and only ours. */
async function ourSsh(b: Bench): Promise<Array<{pid: number; argv: readonly string[]}>> {
	const found = await findProcesses(argv => argv[0] !== undefined && path.basename(argv[0]) === 'ssh' && argv.some(arg => arg.includes(b.runtimeDir)));
	return found.filter(candidate => !candidate.zombie);
}

async function cleanUp(): Promise<void> {
	const b = bench;
	if (b !== undefined) {
		// The profile always holds every tunnel started so far (it is written before each up).
		await cleanupStep('tunnels down --all', async () => {
			if ((await ourSsh(b)).length > 0) await b.tunnels(['down', '--all'], {allowFailure: true, timeoutMs: 120_000});
		});
		await cleanupStep('leftover ssh', async () => {
			for (const found of await ourSsh(b)) {
				console.error(`cleanup: killing leftover ssh pid ${found.pid}`);
				await killExact(found.pid, found.argv);
			}
		});
	}

	if (echo !== undefined) await cleanupStep('echo server', async () => echo?.close());
	if (sshd !== undefined) await cleanupStep('sshd', async () => sshd?.dispose());
	if (b !== undefined) {
		await cleanupStep('temporary directory', async () => b.dispose());
		await cleanupStep('final check', async () => {
			const still = await ourSsh(b);
			if (still.length > 0) throw new Error(`ssh processes naming ${b.runtimeDir} are still running: ${still.map(found => found.pid).join(', ')}`);
			console.log(`after cleanup: no ssh process names ${b.runtimeDir}`);
		});
	}
}
