// What a bind written as a name costs: `tunnels up` and `tunnels ls --json` of one tunnel whose
// forward binds this machine's host name (resolved as ssh resolves it, once per command) against
// the same with a literal 127.0.0.1, and the raw `ssh -f -N -L NAME:…` in the same rounds,
// alternating; then the lookup alone, in process. Each start is timed until the port accepts,
// checked with an echo round trip (untimed), and taken down before the next (tunnels: `down`; raw:
// its exact PID, found in /proc by its exact argv). Needs a host name that resolves to loopback only.
// Run: npm run build && node dist/bench/bind-names.js [rounds]    (default 10)
import {lookup} from 'node:dns/promises';
import os from 'node:os';
import process from 'node:process';
import {execa} from 'execa';
import {lookupBind} from '../src/net/resolve.js';
import {canConnect, roundTrip, startEchoServer, type EchoServer} from '../test/support/echo-server.js';
import {until} from '../test/support/processes.js';
import {startSshd, type TestSshd} from '../test/support/sshd.js';
import {median, ms, percentile, printTable, timeMs} from './stats.js';
import {type Bench, cleanupStep, cleanUpTunnels, countArgument, createBench, findProcesses, killExact, loadLine, pickPorts} from './support.js';

const rounds = countArgument('rounds', 10, 200);

const name = os.hostname();
const resolved = await lookup(name, {all: true}).catch(() => []);
if (resolved.length === 0 || !resolved.every(({address}) => address.startsWith('127.') || address === '::1')) {
	console.log(`the host name ${name} does not resolve to loopback only (${resolved.map(({address}) => address).join(', ') || 'nothing'}): nothing measured`);
	process.exit(0);
}

let interrupted = false;
for (const signalName of ['SIGINT', 'SIGTERM'] as const) {
	process.once(signalName, () => {
		interrupted = true;
	});
}

type Variant = 'named' | 'numeric' | 'raw';
const samples: Record<Variant, number[]> = {named: [], numeric: [], raw: []};
const lsSamples: Record<'named' | 'numeric', number[]> = {named: [], numeric: []};
const loadBefore = loadLine();
let sshd: TestSshd | undefined;
let echo: EchoServer | undefined;
const benches: Bench[] = [];
let rawArgv: string[] = [];
try {
	sshd = await startSshd();
	echo = await startEchoServer('127.0.0.2');
	const [namedPort, numericPort, rawPort] = await pickPorts(3) as [number, number, number];
	const named = await createBench(sshd.sshConfigFile);
	benches.push(named);
	const numeric = await createBench(sshd.sshConfigFile);
	benches.push(numeric);
	await named.writeProfile([{name: 'named', local: `${name}:${namedPort}:127.0.0.2:${echo.port}`}]);
	await numeric.writeProfile([{name: 'numeric', local: `127.0.0.1:${numericPort}:127.0.0.2:${echo.port}`}]);
	rawArgv = ['ssh', '-F', sshd.sshConfigFile, '-f', '-N', '-o', 'ExitOnForwardFailure=yes', '-L', `${name}:${rawPort}:127.0.0.2:${echo.port}`, 'testhost'];
	const argv = rawArgv;

	/** Runs `start`, then polls the port until it accepts; the time to that, checked by an echo. */
	const timeStart = async (port: number, start: () => Promise<unknown>): Promise<number> => {
		const t0 = process.hrtime.bigint();
		await start();
		if (!(await until(async () => canConnect('127.0.0.1', port, 500), 5000, 2))) {
			throw new Error(`127.0.0.1:${port} did not accept connections within 5 s`);
		}

		const accepting = Number(process.hrtime.bigint() - t0) / 1e6;
		if (await roundTrip('127.0.0.1', port, 'ping', 3000) !== 'ping') throw new Error(`no echo through ${port}`);
		return accepting;
	};

	const closed = async (port: number): Promise<void> => {
		if (!(await until(async () => !(await canConnect('127.0.0.1', port, 200)), 3000))) throw new Error(`127.0.0.1:${port} still accepts after the stop`);
	};

	const runTunnels = async (which: 'named' | 'numeric'): Promise<void> => {
		const [b, port] = which === 'named' ? [named, namedPort] : [numeric, numericPort];
		samples[which].push(await timeStart(port, async () => b.tunnels(['up', which])));
		const listed = await timeMs(async () => {
			const {stdout} = await b.tunnels(['ls', '--json']);
			const state = (JSON.parse(stdout) as {tunnels: Array<{state: string}>}).tunnels[0]?.state;
			if (state !== 'up') throw new Error(`${which}: ls says ${state ?? 'nothing'}`);
		});
		lsSamples[which].push(listed);
		await b.tunnels(['down', which]);
		await closed(port);
	};

	const runRaw = async (): Promise<void> => {
		samples.raw.push(await timeStart(rawPort, async () => {
			const result = await execa(argv[0]!, argv.slice(1), {stdin: 'ignore', reject: false, timeout: 30_000});
			if (result.exitCode !== 0) throw new Error(`raw ssh exited ${result.exitCode}: ${String(result.stderr)}`);
		}));
		const live = (await findProcesses(found => sameArgv(found, argv))).filter(found => !found.zombie);
		if (live.length !== 1 || !(await killExact(live[0]!.pid, argv))) throw new Error(`expected to stop one raw ssh, found ${live.map(found => found.pid).join(', ') || 'none'}`);
		await closed(rawPort);
	};

	// One untimed round first: page cache, sshd's first connection.
	await runTunnels('named');
	await runTunnels('numeric');
	await runRaw();
	samples.named.length = 0;
	samples.numeric.length = 0;
	samples.raw.length = 0;
	lsSamples.named.length = 0;
	lsSamples.numeric.length = 0;
	const orders: Variant[][] = [['named', 'numeric', 'raw'], ['numeric', 'raw', 'named'], ['raw', 'named', 'numeric']];
	for (let round = 0; round < rounds; round++) {
		if (interrupted) throw new Error('interrupted');
		for (const which of orders[round % orders.length]!) {
			await (which === 'raw' ? runRaw() : runTunnels(which));
		}
	}
} finally {
	await cleanupStep('tunnels', async () => {
		for (const [index, b] of benches.entries()) {
			// The last one stops the sshd and the echo server too.
			const last = index === benches.length - 1;
			await cleanUpTunnels({bench: b, echo: last ? echo : undefined, sshd: last ? sshd : undefined, isLeftover: found => found.length > 0 && ((rawArgv.length > 0 && sameArgv(found, rawArgv)) || (found[0] === 'ssh' && found.some(arg => arg.includes(b.runtimeDir))))});
		}
	});
}

const lookups: Record<string, number[]> = {};
for (const bind of [name, 'localhost', '127.1', '0:0:0:0:0:0:0:1']) {
	lookups[bind] = [];
	for (let run = 0; run < 200; run++) {
		lookups[bind].push(await timeMs(async () => lookupBind(bind, 2000)));
	}
}

const row = (label: string, values: readonly number[]): string[] => [label, ms(median(values)), ms(percentile(values, 0.9))];
printTable(`start until the port accepts, ${rounds} rounds, alternating; loopback sshd; bind name ${name}`, [
	['command', 'median', 'p90'],
	row(`raw ssh -f -N -L ${name}:PORT:…`, samples.raw),
	row(`tunnels up, bind ${name}`, samples.named),
	row('tunnels up, bind 127.0.0.1', samples.numeric),
	row(`tunnels ls --json, bind ${name}`, lsSamples.named),
	row('tunnels ls --json, bind 127.0.0.1', lsSamples.numeric),
]);
printTable('ratios (medians)', [
	['ratio', 'value'],
	['up by name / raw ssh by name', (median(samples.named) / median(samples.raw)).toFixed(2)],
	['up by name / up by address', (median(samples.named) / median(samples.numeric)).toFixed(2)],
	['ls by name / ls by address', (median(lsSamples.named) / median(lsSamples.numeric)).toFixed(2)],
]);
printTable('one lookup (lookupBind, in process), 200 each', [
	['bind', 'median', 'p90'],
	...Object.entries(lookups).map(([bind, values]) => [bind, `${(median(values) * 1000).toFixed(0)} µs`, `${(percentile(values, 0.9) * 1000).toFixed(0)} µs`]),
]);
console.log(`${loadBefore} before; ${loadLine()} after`);

function sameArgv(a: readonly string[], b: readonly string[]): boolean {
	return a.length === b.length && a.every((arg, index) => arg === b[index]);
}
