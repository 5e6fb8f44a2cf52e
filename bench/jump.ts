// `tunnels up` of a jump tunnel (host: C, jump: B) against the raw `ssh -f -N -J B -L … C` line, on a
// real route: network namespaces where A reaches C only through B (test/support/netns.ts). The
// timed loop runs inside A itself (this file again, under `ip netns exec`), so that no wrapper is
// timed and the forward is on A's own loopback. Alternating, with `node -e 0` in the same loop; each
// start is timed until the command has returned AND the local port accepts, checked with an echo
// round trip (untimed), and taken down before the next (tunnels: `down`; raw: its exact PID, found
// in /proc by its exact argv), and the next waits until no ssh of the route is left (the `ssh -W`
// jump child included).
// Run: npm run build && node dist/bench/jump.js [rounds]    (default 15; root only, else it says why and exits 0)
import {spawn} from 'node:child_process';
import {closeSync, openSync} from 'node:fs';
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {canConnect, roundTrip} from '../test/support/echo-server.js';
import {address, createRoute, netnsUnavailable, type Route} from '../test/support/netns.js';
import {binPath} from '../test/support/paths.js';
import {isAlive, readProc, signal, until} from '../test/support/processes.js';
import {timeMs} from './stats.js';
import {cleanupStep, createBench, findProcesses, killExact, loadLine, type Bench} from './support.js';
import {printUpRace, runUpRace, upRaceSamples} from './up-race.js';

/** What the outer process hands the loop it runs inside A. */
type Inside = {readonly rounds: number; readonly env: Record<string, string>; readonly port: number; readonly echoPort: number; readonly sshConfigFile: string; readonly dir: string};

const port = 19_801;

if (process.argv[2] === '--inside') {
	await inside(JSON.parse(process.argv[3] ?? '{}') as Inside);
} else {
	await outside(Number(process.argv[2] ?? 15));
}

async function outside(rounds: number): Promise<void> {
	if (!Number.isInteger(rounds) || rounds < 1 || rounds > 500) {
		throw new Error(`rounds must be an integer from 1 to 500, not ${process.argv[2]}`);
	}

	const unavailable = await netnsUnavailable();
	if (unavailable !== undefined) {
		console.log(`jump: skipped: ${unavailable}`);
		return;
	}

	let route: Route | undefined;
	let bench: Bench | undefined;
	try {
		route = await createRoute();
		bench = await createBench(route.sshConfigFile);
		const profile = {allowCommands: true, sshConfig: route.sshConfigFile, tunnels: {jump: {host: address.C, jump: address.B, local: [`${port}:127.0.0.1:${route.echoPort.C}`]}}};
		await writeFile(bench.profile, `${JSON.stringify(profile, undefined, 2)}\n`, {mode: 0o600});
		const handed: Inside = {rounds, env: bench.env, port, echoPort: route.echoPort.C, sshConfigFile: route.sshConfigFile, dir: bench.dir};
		const self = fileURLToPath(import.meta.url);
		const result = await execa('ip', ['netns', 'exec', route.names.A, process.execPath, self, '--inside', JSON.stringify(handed)], {stdio: 'inherit', reject: false, timeout: 15 * 60_000});
		if (result.exitCode !== 0) process.exitCode = 1;
	} finally {
		const [r, b] = [route, bench];
		if (r !== undefined && b !== undefined) {
			await cleanupStep('tunnels down --all', async () => r.exec('A', [process.execPath, binPath, 'down', '--all'], {env: b.env}));
		}

		if (r !== undefined) {
			await cleanupStep('leftover processes in A', async () => {
				for (const pid of await r.pids('A')) {
					const found = readProc(pid);
					if (found?.name === 'ssh') {
						console.error(`cleanup: killing leftover ssh pid ${pid}`);
						signal(pid, 'SIGKILL');
					}
				}
			});
			await cleanupStep('namespaces', async () => r.dispose());
		}

		if (b !== undefined) await cleanupStep('temporary directory', async () => b.dispose());
	}
}

async function inside(given: Inside): Promise<void> {
	const loadBefore = loadLine();
	const rawArgv = ['ssh', '-F', given.sshConfigFile, '-f', '-N', '-J', address.B, '-o', 'ExitOnForwardFailure=yes', '-L', `${given.port}:127.0.0.1:${given.echoPort}`, '--', address.C];
	const samples = upRaceSamples();
	/** Every ssh of this route: the masters and their `ssh -W` jump children. */
	const sshOfRoute = async () => (await findProcesses(argv => argv[0] === 'ssh' && argv.includes(given.sshConfigFile))).filter(found => !found.zombie);

	const settled = async (): Promise<void> => {
		if (!(await until(async () => !(await canConnect('127.0.0.1', given.port, 200)), 3000))) {
			throw new Error(`127.0.0.1:${given.port} still accepts connections after the tunnel was taken down`);
		}

		if (!(await until(async () => (await sshOfRoute()).length === 0, 5000))) {
			throw new Error(`ssh left running: ${(await sshOfRoute()).map(found => `${found.pid} ${found.argv.join(' ')}`).join('; ')}`);
		}
	};

	const timeStart = async (start: () => Promise<void>): Promise<[number, number]> => {
		await settled();
		const t0 = process.hrtime.bigint();
		await start();
		const returned = Number(process.hrtime.bigint() - t0) / 1e6;
		if (!(await until(async () => canConnect('127.0.0.1', given.port, 500), 5000, 2))) {
			throw new Error(`127.0.0.1:${given.port} did not accept connections within 5 s after the start returned`);
		}

		const accepting = Number(process.hrtime.bigint() - t0) / 1e6;
		const echoed = await roundTrip('127.0.0.1', given.port, 'ping', 3000);
		if (echoed !== 'ping') throw new Error(`the forward on ${given.port} did not echo: ${JSON.stringify(echoed)}`);
		return [returned, accepting];
	};

	const tunnels = async (args: readonly string[]): Promise<string> => {
		const result = await execa(process.execPath, [binPath, ...args], {env: given.env, extendEnv: false, stdin: 'ignore', reject: false, timeout: 120_000});
		if (result.exitCode !== 0) throw new Error(`tunnels ${args.join(' ')} exited ${result.exitCode}${result.timedOut ? ' (timed out)' : ''}\n${String(result.stdout)}${String(result.stderr)}`);
		return String(result.stdout);
	};

	const runTunnels = async () => {
		let sshMs = Number.NaN;
		const [returned, accepting] = await timeStart(async () => {
			// "jump up · pid N · L … · 152 ms": the ssh part as tunnels itself timed it.
			sshMs = Number(/· (\d+) ms\s*$/.exec(await tunnels(['up', 'jump']))?.[1] ?? Number.NaN);
		});
		const down = await timeMs(async () => tunnels(['down', 'jump']));
		return {returned, accepting, ssh: sshMs, down};
	};

	const rawLog = path.join(given.dir, 'raw-ssh.log');
	const runRaw = async () => {
		const [returned, accepting] = await timeStart(async () => {
			const exitCode = await untilExit(rawArgv, given.env, rawLog);
			if (exitCode !== 0) throw new Error(`raw ssh exited ${exitCode}: see ${rawLog}`);
		});
		const live = (await findProcesses(found => found.length === rawArgv.length && found.every((arg, index) => arg === rawArgv[index]))).filter(found => !found.zombie);
		if (live.length !== 1) throw new Error(`expected one raw ssh with argv ${rawArgv.join(' ')}, found pids ${live.map(found => found.pid).join(', ') || 'none'}`);
		if (!(await killExact(live[0]!.pid, rawArgv))) throw new Error(`raw ssh pid ${live[0]!.pid} did not die`);
		return {returned, accepting};
	};

	const runNode = async (): Promise<number> => timeMs(async () => execa(process.execPath, ['-e', '0']));

	try {
		await runUpRace(given.rounds, {node: runNode, tunnels: runTunnels, raw: runRaw}, samples);
		await settled();
	} finally {
		for (const found of await sshOfRoute()) {
			if (isAlive(found.pid)) await killExact(found.pid, found.argv);
		}
	}

	printUpRace(`tunnels up (host: C, jump: B) vs raw ssh -f -N -J B -L … C, ${given.rounds} rounds, alternating (+ node -e 0 each round); network namespaces A–B–C, run inside A`, samples, 'raw ssh -f -N -J', '< 1.5');
	console.log(`${loadBefore} before; ${loadLine()} after`);
}

/**
 * Runs argv as a shell would, until the process exits (bounded): its stderr appended to a file, not a
 * pipe, since the jump child keeps ssh's stderr for the tunnel's life and a pipe would never end.
 */
async function untilExit(argv: readonly string[], env: Record<string, string>, log: string): Promise<number | null> {
	const fd = openSync(log, 'a');
	try {
		const child = spawn(argv[0]!, argv.slice(1), {env, stdio: ['ignore', 'ignore', fd]});
		return await new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				child.kill('SIGKILL');
				reject(new Error(`${argv.join(' ')}: no exit within 30 s`));
			}, 30_000);
			child.once('error', reject);
			child.once('exit', code => {
				clearTimeout(timer);
				resolve(code);
			});
		});
	} finally {
		closeSync(fd);
	}
}
