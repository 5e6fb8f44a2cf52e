// `tunnels up NAME` against the raw `ssh -f -N -L` for the same forward and server, in one run,
// alternating, with `node -e 0` in the same loop so that Node's own start cost shows. Each start is
// timed until the command has returned AND the local port accepts a connection; each is checked
// with an echo round trip (untimed) and taken down before the next (tunnels: `down`; raw: its exact
// PID, found in /proc by its exact argv).
// With BENCH_BEFORE_BIN=path/to/bin/tunnels.js another build (main's) takes its turn each round too.
// Run: npm run build && node dist/bench/up.js [rounds] [own|shared-first|shared-second]    (default 15 own)
//   own: a tunnel with its own connection; shared-first: `share: true`, the first tunnel to its host
//   (starts the master, adds its forward through the mux, and its down ends the master);
//   shared-second: `share: true` while another shared tunnel to the same host stays up all run (its
//   up is one mux request on the live master, its down closes that forward only).
import process from 'node:process';
import {execa} from 'execa';
import {canConnect, roundTrip, startEchoServer, type EchoServer} from '../test/support/echo-server.js';
import {startSshd, type TestSshd} from '../test/support/sshd.js';
import {timeMs} from './stats.js';
import {until} from '../test/support/processes.js';
import {type Bench, cleanUpTunnels, countArgument, createBench, findProcesses, interruption, killExact, loadLine, pickPorts} from './support.js';
import {printUpRace, runUpRace, upRaceSamples} from './up-race.js';

const rounds = countArgument('rounds', 15, 500);
const mode = process.argv[3] ?? 'own';
if (mode !== 'own' && mode !== 'shared-first' && mode !== 'shared-second') {
	throw new Error(`mode must be own, shared-first or shared-second, not ${mode}`);
}
const aims = {own: '<= 1.6', 'shared-first': '<= 1.6', 'shared-second': '<= 0.5'} as const;

const signals = interruption();

const loadBefore = loadLine();
let sshd: TestSshd | undefined;
let echo: EchoServer | undefined;
let bench: Bench | undefined;
let rawArgv: string[] = [];
const samples = upRaceSamples();
try {
	sshd = await startSshd();
	echo = await startEchoServer('127.0.0.2');
	bench = await createBench(sshd.sshConfigFile);
	const [port, anchorPort] = await pickPorts(2) as [number, number];
	const forward = `${port}:127.0.0.2:${echo.port}`;
	const share = mode === 'own' ? {} : {share: true};
	await bench.writeProfile([
		{name: 'bench', local: forward, more: share},
		...(mode === 'shared-second' ? [{name: 'anchor', local: `${anchorPort}:127.0.0.2:${echo.port}`, more: share}] : []),
	]);
	if (mode === 'shared-second') {
		// Up for the whole run: every `up bench` finds the shared master live.
		await bench.tunnels(['up', 'anchor']);
	}
	rawArgv = ['ssh', '-F', sshd.sshConfigFile, '-f', '-N', '-o', 'ExitOnForwardFailure=yes', '-L', forward, 'testhost'];
	const b = bench;
	const argv = rawArgv;

	const portClosed = async (): Promise<void> => {
		if (!(await until(async () => !(await canConnect('127.0.0.1', port, 200)), 3000))) {
			throw new Error(`127.0.0.1:${port} still accepts connections after the tunnel was taken down`);
		}
	};

	/** Runs `start`, then polls the port (2 ms steps) until it accepts; returns [returned, accepting] in ms. */
	const timeStart = async (start: () => Promise<void>): Promise<[number, number]> => {
		await portClosed();
		const t0 = process.hrtime.bigint();
		await start();
		const returned = Number(process.hrtime.bigint() - t0) / 1e6;
		if (!(await until(async () => canConnect('127.0.0.1', port, 500), 5000, 2))) {
			throw new Error(`127.0.0.1:${port} did not accept connections within 5 s after the start returned`);
		}

		const accepting = Number(process.hrtime.bigint() - t0) / 1e6;
		const echoed = await roundTrip('127.0.0.1', port, 'ping', 3000);
		if (echoed !== 'ping') throw new Error(`the forward on ${port} did not echo: ${JSON.stringify(echoed)}`);
		return [returned, accepting];
	};

	const runNode = async (): Promise<number> => timeMs(async () => execa(process.execPath, ['-e', '0']));

	const runTunnels = async (bin?: string): Promise<{returned: number; accepting: number; ssh: number; down: number}> => {
		let sshMs = Number.NaN;
		const [returned, accepting] = await timeStart(async () => {
			const {stdout} = await b.tunnels(['up', 'bench'], {bin});
			// "bench up · pid N · L … via testhost · 152 ms": the ssh part as tunnels itself timed it.
			sshMs = Number(/· (\d+) ms\s*$/.exec(stdout)?.[1] ?? Number.NaN);
		});
		const down = await timeMs(async () => b.tunnels(['down', 'bench'], {bin}));
		await portClosed();
		return {returned, accepting, ssh: sshMs, down};
	};

	const runRaw = async (): Promise<{returned: number; accepting: number}> => {
		const [returned, accepting] = await timeStart(async () => {
			const result = await execa(argv[0]!, argv.slice(1), {env: b.env, extendEnv: false, stdin: 'ignore', reject: false, timeout: 30_000});
			if (result.exitCode !== 0) throw new Error(`raw ssh exited ${result.exitCode}: ${String(result.stderr)}`);
		});
		const exact = await findProcesses(found => sameArgv(found, argv));
		const live = exact.filter(found => !found.zombie);
		if (live.length !== 1) throw new Error(`expected one raw ssh with argv ${argv.join(' ')}, found pids ${live.map(found => found.pid).join(', ') || 'none'}`);
		if (!(await killExact(live[0]!.pid, argv))) throw new Error(`raw ssh pid ${live[0]!.pid} did not die`);
		await portClosed();
		return {returned, accepting};
	};

	const beforeBin = process.env['BENCH_BEFORE_BIN'];
	await runUpRace(rounds, {node: runNode, tunnels: async () => runTunnels(), raw: runRaw, ...(beforeBin === undefined ? {} : {before: async () => runTunnels(beforeBin)}), interrupted: () => signals.interrupted}, samples);
} finally {
	await cleanUp();
}

printUpRace(`tunnels up (${mode}) vs raw ssh -f -N -L, ${rounds} rounds, alternating (+ node -e 0 each round); loopback sshd`, samples, 'raw ssh -f -N -L', aims[mode]);
console.log(`${loadBefore} before; ${loadLine()} after`);

function sameArgv(a: readonly string[], b: readonly string[]): boolean {
	return a.length === b.length && a.every((arg, index) => arg === b[index]);
}

/** Every process this benchmark may have started, each step on its own so that one failure does not skip the rest. */
async function cleanUp(): Promise<void> {
	// Whatever is left: the raw ssh (exact argv) and any ssh naming our runtime directory.
	await cleanUpTunnels({bench, echo, sshd, isLeftover: (found, b) => found.length > 0 && ((rawArgv.length > 0 && sameArgv(found, rawArgv)) || (found[0] === 'ssh' && found.some(arg => arg.includes(b.runtimeDir))))});
}
