// What the per-tunnel log costs a start: the raw `ssh -f -N -L` with and without `-E FILE`, in one
// run, alternating which goes first, each timed until it has returned AND the port accepts, checked
// with an echo round trip and killed by its exact PID; then the tool's own work around a start
// (beginLog before, readLogSince after a failure), in process.
// Run: npm run build && node dist/bench/log-cost.js [rounds]    (default 15)
import {mkdir} from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import {execa} from 'execa';
import {formatRecord} from '../src/logs/record.js';
import {beginLog, readLogSince} from '../src/store/tunnel-log.js';
import {canConnect, roundTrip, startEchoServer, type EchoServer} from '../test/support/echo-server.js';
import {until} from '../test/support/processes.js';
import {startSshd, type TestSshd} from '../test/support/sshd.js';
import {median, ms, percentile, printTable} from './stats.js';
import {type Bench, cleanUpTunnels, countArgument, createBench, findProcesses, killExact, loadLine, pickPorts} from './support.js';

const rounds = countArgument('rounds', 15, 500);

const loadBefore = loadLine();
let sshd: TestSshd | undefined;
let echo: EchoServer | undefined;
let bench: Bench | undefined;
const argvs: string[][] = [];
const samples = {plain: [] as number[], logged: [] as number[]};
let ownUs: number[] = [];
try {
	sshd = await startSshd();
	echo = await startEchoServer('127.0.0.2');
	bench = await createBench(sshd.sshConfigFile);
	const b = bench;
	const [port] = await pickPorts(1) as [number];
	const plain = ['ssh', '-F', sshd.sshConfigFile, '-f', '-N', '-o', 'ExitOnForwardFailure=yes', '-L', `${port}:127.0.0.2:${echo.port}`, 'testhost'];
	const logFile = path.join(b.dir, 'bench.log');
	const logged = [plain[0]!, '-F', sshd.sshConfigFile, '-E', logFile, ...plain.slice(3)];
	argvs.push(plain, logged);

	/** One start until the port accepts (2 ms polls), checked and killed by its exact PID. */
	const startOnce = async (argv: readonly string[]): Promise<number> => {
		if (!(await until(async () => !(await canConnect('127.0.0.1', port, 200)), 3000))) throw new Error(`port ${port} still taken`);
		const t0 = process.hrtime.bigint();
		const result = await execa(argv[0]!, argv.slice(1), {env: b.env, extendEnv: false, stdin: 'ignore', reject: false, timeout: 30_000});
		if (result.exitCode !== 0) throw new Error(`ssh exited ${result.exitCode}: ${String(result.stderr)}`);
		if (!(await until(async () => canConnect('127.0.0.1', port, 500), 5000, 2))) throw new Error(`port ${port} never accepted`);
		const accepting = Number(process.hrtime.bigint() - t0) / 1e6;
		if (await roundTrip('127.0.0.1', port, 'ping', 3000) !== 'ping') throw new Error('no echo');
		const live = (await findProcesses(found => found.length === argv.length && found.every((arg, i) => arg === argv[i]))).filter(found => !found.zombie);
		if (live.length !== 1) throw new Error(`expected one ssh, found ${live.length}`);
		if (!(await killExact(live[0]!.pid, argv))) throw new Error(`ssh ${live[0]!.pid} did not die`);
		return accepting;
	};

	await startOnce(plain);
	await startOnce(logged);
	for (let round = 0; round < rounds; round++) {
		for (const which of round % 2 === 0 ? ['plain', 'logged'] as const : ['logged', 'plain'] as const) {
			samples[which].push(await startOnce(which === 'plain' ? plain : logged));
		}
	}

	// The tool's own part: before each start, rotate-if-over, append the start's record, stat; after a
	// failure, read what ssh wrote since.
	const runtime = path.join(b.dir, 'own');
	await mkdir(path.join(runtime, '.state'), {recursive: true, mode: 0o700});
	const line = formatRecord({kind: 'start', at: new Date(), pid: process.pid});
	ownUs = [];
	for (let i = 0; i < 200; i++) {
		const t0 = process.hrtime.bigint();
		const offset = await beginLog(runtime, 'bench', line);
		await readLogSince(runtime, 'bench', offset);
		ownUs.push(Number(process.hrtime.bigint() - t0) / 1e3);
	}
} finally {
	await cleanUpTunnels({bench, echo, sshd, isLeftover: found => argvs.some(argv => found.length === argv.length && found.every((arg, i) => arg === argv[i]))});
}

const row = (label: string, values: readonly number[]): string[] => [label, ms(median(values)), ms(percentile(values, 0.9))];
printTable(`ssh -f -N -L with and without -E, ${rounds} rounds each, alternating; until the port accepts; loopback sshd`, [
	['command', 'median', 'p90'],
	row('ssh -f -N -L', samples.plain),
	row('ssh -E FILE -f -N -L', samples.logged),
]);
const paired = median(samples.logged.map((value, index) => value / (samples.plain[index] ?? Number.NaN)));
printTable('ratio (medians)', [
	['ratio', 'value', 'aim'],
	['with -E / without', (median(samples.logged) / median(samples.plain)).toFixed(3), '~1.00'],
	['median of per-round ratios', paired.toFixed(3), ''],
	['with - without', ms(median(samples.logged) - median(samples.plain)), ''],
]);
printTable('the tool\'s own log work per start, in process (200 runs)', [
	['step', 'median', 'p90'],
	['beginLog + readLogSince', `${median(ownUs).toFixed(0)} µs`, `${percentile(ownUs, 0.9).toFixed(0)} µs`],
]);
console.log(`${loadBefore} before; ${loadLine()} after`);
