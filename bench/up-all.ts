// `tunnels up --all` of 50 unshared tunnels (one connection each) against the raw `ssh -f -N -L` of
// the same 50 forwards run 4 at a time, in one run, alternating, against an sshd with the default
// `MaxStartups 10:30:100` (issue 17: 15-17 of 50 raw starts made all at once were dropped; the cap
// of parallel starts must keep every one). Each round counts the starts that failed, checks every
// forward with an echo round trip (untimed) and takes everything down (tunnels: `down --all`; raw:
// each exact PID, found by its exact argv). With BENCH_BEFORE_BIN=path/to/bin/tunnels.js the same
// `up --all` of another build (main's) takes its turn in each round: before and after in one run.
// `shared` (third argument): the tunnels have `share: true` and ride one connection; the raw side is
// then ONE `ssh -f -N -L` of one forward (issue 17: 50 shared tunnels under 2x one raw ssh).
// Run: npm run build && node dist/bench/up-all.js [rounds] [tunnels] [unshared|shared]    (default 3, 50, unshared)
import path from 'node:path';
import process from 'node:process';
import {execa} from 'execa';
import {mapBounded} from '../src/bounded.js';
import {roundTrip, startEchoServer, type EchoServer} from '../test/support/echo-server.js';
import {startSshd, type TestSshd} from '../test/support/sshd.js';
import {median, ms, printTable, timeMs} from './stats.js';
import {cleanUpTunnels, createBench, findProcesses, killExact, loadLine, pickPorts, type Bench} from './support.js';

const rounds = Number(process.argv[2] ?? 3);
const count = Number(process.argv[3] ?? 50);
if (!Number.isInteger(rounds) || rounds < 1 || rounds > 50 || !Number.isInteger(count) || count < 1 || count > 200) {
	throw new Error(`rounds (1-50) and tunnels (1-200) must be integers, not ${process.argv[2]} ${process.argv[3]}`);
}

const shared = (process.argv[4] ?? 'unshared') === 'shared';
if (!['unshared', 'shared'].includes(process.argv[4] ?? 'unshared')) {
	throw new Error(`the mode is unshared or shared, not ${process.argv[4]}`);
}

const beforeBin = process.env['BENCH_BEFORE_BIN'];
// What `tunnels up` runs at once (core/timeouts.ts tunnelConcurrency): the raw side gets the same.
const rawAtOnce = 4;
const loadBefore = loadLine();
type Side = {readonly label: string; readonly times: number[]; readonly failures: number[]};
const sides: Side[] = [];
let sshd: TestSshd | undefined;
let echo: EchoServer | undefined;
let bench: Bench | undefined;
try {
	// The default MaxStartups: nothing in extraConfig.
	sshd = await startSshd();
	echo = await startEchoServer('127.0.0.2');
	bench = await createBench(sshd.sshConfigFile);
	const b = bench;
	const s = sshd;
	const target = echo.port;
	const tunnels = (await pickPorts(count)).map((port, index) => ({name: `t${String(index + 1).padStart(3, '0')}`, port, local: `${port}:127.0.0.2:${target}`}));
	await b.writeProfile(shared ? tunnels.map(tunnel => ({...tunnel, more: {share: true}})) : tunnels);
	const rawMarker = path.join(b.dir, 'raw');
	const rawArgv = (local: string) => ['ssh', '-F', s.sshConfigFile, '-f', '-N', '-o', 'ExitOnForwardFailure=yes', '-o', 'ControlMaster=no', '-o', `ControlPath=${rawMarker}`, '-L', local, '--', 'testhost'];

	const checkBytes = async (label: string): Promise<number> => {
		let dead = 0;
		for (const tunnel of tunnels) {
			if (await roundTrip('127.0.0.1', tunnel.port, tunnel.name, 3000).catch(() => undefined) !== tunnel.name) dead++;
		}

		if (dead > 0) console.error(`${label}: ${dead} forwards carried no bytes`);
		return dead;
	};

	const tunnelsSide = (label: string, bin: string | undefined): Side & {run: () => Promise<void>} => {
		const side: Side = {label, times: [], failures: []};
		return {
			...side,
			async run() {
				let result = {exitCode: 0, stdout: '', stderr: ''};
				side.times.push(await timeMs(async () => {
					result = await b.tunnels(['up', '--all', '--batch', '--json'], {allowFailure: true, timeoutMs: 300_000, bin});
				}));
				// present/json/up.ts: one {name, kind, …} per tunnel
				const list = (result.stdout.trim() === '' ? [] : JSON.parse(result.stdout)) as Array<{name: string; kind: string}>;
				const failed = list.filter(entry => entry.kind !== 'started').length + Math.max(0, count - list.length);
				if (failed > 0) console.error(`${label}: ${list.filter(entry => entry.kind !== 'started').map(entry => `${entry.name}=${entry.kind}`).join(' ')} ${result.stderr.slice(0, 300)}`);
				side.failures.push(Math.max(failed, await checkBytes(label)));
				await b.tunnels(['down', '--all'], {allowFailure: true, timeoutMs: 120_000, bin});
			},
		};
	};

	const raw: Side & {run: () => Promise<void>} = (() => {
		const side: Side = {label: shared ? 'one raw ssh, one forward' : `raw ssh, ${rawAtOnce} at a time`, times: [], failures: []};
		// Shared: one connection carrying one forward, the line a person types for one tunnel.
		const started = shared ? tunnels.slice(0, 1) : tunnels;
		return {
			...side,
			async run() {
				let failed = 0;
				side.times.push(await timeMs(async () => {
					await mapBounded(started, rawAtOnce, async tunnel => {
						const [file, ...args] = rawArgv(tunnel.local);
						const run = await execa(file!, args, {reject: false, stdin: 'ignore', timeout: 60_000});
						if (run.exitCode !== 0) failed++;
					});
				}));
				side.failures.push(shared ? failed : Math.max(failed, await checkBytes(side.label)));
				for (const found of await findProcesses(argv => argv.includes(`ControlPath=${rawMarker}`))) {
					if (!found.zombie) await killExact(found.pid, found.argv);
				}
			},
		};
	})();

	const contenders = [tunnelsSide('tunnels up --all', undefined), raw, ...(beforeBin === undefined ? [] : [tunnelsSide('tunnels up --all, before (BENCH_BEFORE_BIN)', beforeBin)])];
	for (let round = 0; round < rounds; round++) {
		// Alternating: each round starts with another contender.
		for (let index = 0; index < contenders.length; index++) {
			await contenders[(round + index) % contenders.length]!.run();
		}
	}

	sides.push(...contenders);
	const rawMedian = median(raw.times);
	printTable(`${count} ${shared ? 'shared' : 'unshared'} tunnels started at once, ${rounds} rounds alternating, sshd with the default MaxStartups 10:30:100`, [
		['', 'median', 'min', 'max', 'vs raw', 'failed starts (all rounds)'],
		...sides.map(side => [side.label, ms(median(side.times)), ms(Math.min(...side.times)), ms(Math.max(...side.times)), `${(median(side.times) / rawMedian).toFixed(2)}x`, String(side.failures.reduce((sum, value) => sum + value, 0))]),
	]);
	const aim = shared ? `up --all of ${count} shared under 2x one raw ssh` : `up --all of ${count} unshared at most 1.3x raw ssh ${rawAtOnce} at a time`;
	console.log(`aim (issue 17): ${aim}, no failed start: ${(median(contenders[0]!.times) / rawMedian).toFixed(2)}x, ${contenders[0]!.failures.reduce((sum, value) => sum + value, 0)} failed`);
	console.log(`${loadBefore} before; ${loadLine()} after`);
} finally {
	await cleanUpTunnels({bench, echo, sshd, isLeftover: (argv, b) => argv[0] !== undefined && path.basename(argv[0]) === 'ssh' && argv.some(arg => arg.includes(b.dir))});
}
