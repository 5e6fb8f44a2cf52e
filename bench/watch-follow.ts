// The time from an edit of the profile file to the new tunnel accepting connections, under the login
// service's supervisor (`tunnels watch --service`, following its file), against a raw `ssh -f -N -L`
// of the same forward started by hand at the same moment of the round: the supervisor's share is the
// difference (noticing the edit: fs.watch and a 200 ms debounce, reading and validating the file,
// `up`'s checks and verification). Alternating, each round on a new port; each forward is checked
// with an echo round trip (untimed) and taken down before the next (tunnels: the tunnel removed
// from the file, which the supervisor stops; raw: its exact PID). Loopback only.
// Run: npm run build && node dist/bench/watch-follow.js [rounds]    (default 7)
import process from 'node:process';
import {execa} from 'execa';
import {canConnect, roundTrip, startEchoServer, type EchoServer} from '../test/support/echo-server.js';
import {until} from '../test/support/processes.js';
import {startSshd, type TestSshd} from '../test/support/sshd.js';
import {spawnWatch, type RunningWatch} from '../test/support/watcher.js';
import {median, ms, printTable} from './stats.js';
import {type Bench, cleanUpTunnels, countArgument, createBench, findProcesses, interruption, killExact, loadLine, pickPorts} from './support.js';

const rounds = countArgument('rounds', 7, 100);

const signals = interruption();

const loadBefore = loadLine();
let sshd: TestSshd | undefined;
let echo: EchoServer | undefined;
let bench: Bench | undefined;
let watcher: RunningWatch | undefined;
const rawArgvs: string[][] = [];
const samples = {tunnels: [] as number[], raw: [] as number[]};
try {
	sshd = await startSshd();
	echo = await startEchoServer('127.0.0.2');
	bench = await createBench(sshd.sshConfigFile);
	const [b, server, target] = [bench, sshd, echo];
	const [basePort, ...ports] = await pickPorts(1 + 2 * rounds) as [number, ...number[]];
	const base = {name: 'base', local: `${basePort}:127.0.0.2:${target.port}`, more: {restart: 'always'}};
	await b.writeProfile([base]);
	watcher = spawnWatch(b.env, ['--json', '--service']);
	const running = watcher;
	await running.waitFor(event => event.kind === 'started' && event.name === 'base', 60_000);

	/** ms from `t0` until the port accepts (2 ms steps, bounded); then one echo through it. */
	const acceptingAfter = async (port: number, t0: bigint): Promise<number> => {
		if (!(await until(async () => canConnect('127.0.0.1', port, 500), 30_000, 2))) {
			throw new Error(`127.0.0.1:${port} did not accept connections within 30 s`);
		}

		const elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
		if (await roundTrip('127.0.0.1', port, 'ping', 3000) !== 'ping') throw new Error(`the forward on ${port} did not echo`);
		return elapsed;
	};

	const closed = async (port: number) => {
		if (!(await until(async () => !(await canConnect('127.0.0.1', port, 200)), 15_000))) throw new Error(`127.0.0.1:${port} still open`);
	};

	for (let round = 0; round < rounds && !signals.interrupted; round++) {
		const [editPort, rawPort] = [ports[2 * round]!, ports[(2 * round) + 1]!];
		const runEdit = async () => {
			const name = `added${round}`;
			const from = running.lines.length;
			const t0 = process.hrtime.bigint();
			await b.writeProfile([base, {name, local: `${editPort}:127.0.0.2:${target.port}`, more: {restart: 'always'}}]);
			samples.tunnels.push(await acceptingAfter(editPort, t0));
			await b.writeProfile([base]);
			await running.waitFor(event => event.kind === 'unwatched' && event.name === name, 15_000, from);
			await closed(editPort);
		};

		const runRaw = async () => {
			const argv = ['ssh', '-F', server.sshConfigFile, '-f', '-N', '-o', 'ExitOnForwardFailure=yes', '-L', `${rawPort}:127.0.0.2:${target.port}`, 'testhost'];
			rawArgvs.push(argv);
			const t0 = process.hrtime.bigint();
			const result = await execa(argv[0]!, argv.slice(1), {env: b.env, extendEnv: false, stdin: 'ignore', reject: false, timeout: 30_000});
			if (result.exitCode !== 0) throw new Error(`raw ssh exited ${result.exitCode}: ${String(result.stderr)}`);
			samples.raw.push(await acceptingAfter(rawPort, t0));
			const live = (await findProcesses(found => found.join('\0') === argv.join('\0'))).filter(found => !found.zombie);
			for (const found of live) await killExact(found.pid, argv);
			await closed(rawPort);
		};

		// Alternating which goes first, so that neither always meets the machine just after the other.
		for (const run of round % 2 === 0 ? [runEdit, runRaw] : [runRaw, runEdit]) await run();
	}
} finally {
	if (watcher !== undefined) await watcher.stop('SIGTERM');
	await cleanUpTunnels({bench, echo, sshd, isLeftover: (found, b) => rawArgvs.some(argv => argv.join('\0') === found.join('\0')) || (found[0] === 'ssh' && found.some(arg => arg.includes(b.runtimeDir)))});
}

const row = (name: string, values: readonly number[]) => [name, ms(median(values)), ms(Math.min(...values)), ms(Math.max(...values))];
printTable(`profile edit → new tunnel accepting (tunnels watch --service), against a raw ssh -f -N -L started by hand; ${samples.tunnels.length} rounds, alternating; loopback sshd`, [
	['', 'median', 'min', 'max'],
	row('edit → accepting (tunnels)', samples.tunnels),
	row('raw ssh -f -N -L → accepting', samples.raw),
	['difference of medians (noticing and checking the edit)', ms(median(samples.tunnels) - median(samples.raw)), '', 'aim: edit → accepting <= 2000 ms'],
]);
console.log(`${loadBefore} before; ${loadLine()} after`);
