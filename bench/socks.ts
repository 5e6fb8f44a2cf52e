// SOCKS throughput: bytes fetched through `tunnels up`'s -D proxy against a raw `ssh -f -N -D` to
// the same server, both running for the whole run, alternating which goes first each round. The
// tool is not on the data path (ssh itself serves the proxy), so the ratio should be 1.0 within
// noise. Each transfer: a SOCKS5 CONNECT (by name, resolved by the server) to a local source that
// sends `size` MiB and closes; timed from the CONNECT reply to the last byte. A direct connection
// to the source (no ssh) is measured too, to show what loopback alone costs.
// Run: npm run build && node dist/bench/socks.js [rounds] [MiB]    (default 7 rounds of 32 MiB)
import {writeFile} from 'node:fs/promises';
import net, {type AddressInfo} from 'node:net';
import process from 'node:process';
import {execa} from 'execa';
import {canConnect} from '../test/support/echo-server.js';
import {until} from '../test/support/processes.js';
import {startSshd, type TestSshd} from '../test/support/sshd.js';
import {median, printTable} from './stats.js';
import {type Bench, cleanUpTunnels, createBench, findProcesses, interruption, killExact, loadLine, pickPorts} from './support.js';

const rounds = Number(process.argv[2] ?? 7);
const mebibytes = Number(process.argv[3] ?? 32);
if (!Number.isInteger(rounds) || rounds < 1 || rounds > 100 || !Number.isInteger(mebibytes) || mebibytes < 1 || mebibytes > 1024) {
	throw new Error(`usage: socks.js [rounds 1-100] [MiB 1-1024], not ${process.argv.slice(2).join(' ')}`);
}

const size = mebibytes * 1024 * 1024;
const signals = interruption();

/** A TCP source on 127.0.0.1 that writes `size` bytes to each connection, then ends it. */
async function startSource(): Promise<{readonly port: number; close(): Promise<void>}> {
	const chunk = Buffer.alloc(1024 * 1024, 0x5a);
	const sockets = new Set<net.Socket>();
	const server = net.createServer(socket => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => {});
		let left = size;
		const pump = (): void => {
			while (left > 0) {
				const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
				left -= piece.length;
				if (!socket.write(piece)) {
					socket.once('drain', pump);
					return;
				}
			}

			socket.end();
		};

		pump();
	});
	await new Promise<void>(resolve => server.listen({host: '127.0.0.1', port: 0}, resolve));
	return {
		port: (server.address() as AddressInfo).port,
		close: async () => new Promise<void>(resolve => {
			for (const socket of sockets) socket.destroy();
			server.close(() => resolve());
		}),
	};
}

/**
 * Connects to `proxy` (or straight to the source without one), CONNECTs to 127.0.0.1:`port` and
 * reads until the end; returns MiB/s from the CONNECT reply (or the connect) to the last byte.
 */
async function fetchThrough(proxy: number | undefined, port: number): Promise<number> {
	return new Promise((resolve, reject) => {
		const socket = net.connect({host: '127.0.0.1', port: proxy ?? port});
		let stage: 'greeting' | 'reply' | 'data' = proxy === undefined ? 'data' : 'greeting';
		let pending = Buffer.alloc(0);
		let received = 0;
		let started = process.hrtime.bigint();
		const timer = setTimeout(() => {
			socket.destroy();
			reject(new Error(`transfer through ${proxy ?? 'nothing'} did not finish within 120 s (${received} bytes)`));
		}, 120_000);
		socket.on('connect', () => {
			started = process.hrtime.bigint();
			if (proxy !== undefined) socket.write(Buffer.from([5, 1, 0]));
		});
		socket.on('data', (chunk: Buffer) => {
			if (stage === 'data') {
				received += chunk.length;
				return;
			}

			pending = Buffer.concat([pending, chunk]);
			if (stage === 'greeting' && pending.length >= 2) {
				const host = Buffer.from('127.0.0.1');
				const portBytes = Buffer.alloc(2);
				portBytes.writeUInt16BE(port);
				socket.write(Buffer.concat([Buffer.from([5, 1, 0, 3, host.length]), host, portBytes]));
				stage = 'reply';
				pending = pending.subarray(2);
			}

			// ssh replies with an IPv4 address: 10 bytes.
			if (stage === 'reply' && pending.length >= 10) {
				if (pending[1] !== 0) {
					socket.destroy();
					reject(new Error(`SOCKS reply ${pending[1]}`));
					return;
				}

				stage = 'data';
				started = process.hrtime.bigint();
				received = pending.length - 10;
			}
		});
		socket.on('end', () => {
			clearTimeout(timer);
			const seconds = Number(process.hrtime.bigint() - started) / 1e9;
			if (received !== size) reject(new Error(`received ${received} of ${size} bytes through ${proxy ?? 'nothing'}`));
			else resolve(size / 1024 / 1024 / seconds);
		});
		socket.on('error', error => {
			clearTimeout(timer);
			reject(error);
		});
	});
}

const loadBefore = loadLine();
let sshd: TestSshd | undefined;
let bench: Bench | undefined;
let source: Awaited<ReturnType<typeof startSource>> | undefined;
let rawArgv: string[] = [];
const samples = {direct: [] as number[], tunnels: [] as number[], raw: [] as number[]};
try {
	sshd = await startSshd();
	source = await startSource();
	bench = await createBench(sshd.sshConfigFile);
	const [tunnelsPort, rawPort] = await pickPorts(2) as [number, number];
	await writeFile(bench.profile, `allowCommands: true\nsshConfig: ${JSON.stringify(sshd.sshConfigFile)}\ntunnels:\n  socks:\n    host: testhost\n    dynamic: [${tunnelsPort}]\n`, {mode: 0o600});
	await bench.tunnels(['up', 'socks']);
	rawArgv = ['ssh', '-F', sshd.sshConfigFile, '-f', '-N', '-o', 'ExitOnForwardFailure=yes', '-D', String(rawPort), 'testhost'];
	const started = await execa(rawArgv[0]!, rawArgv.slice(1), {env: bench.env, extendEnv: false, stdin: 'ignore', reject: false, timeout: 30_000});
	if (started.exitCode !== 0) throw new Error(`raw ssh -D exited ${started.exitCode}: ${String(started.stderr)}`);
	if (!(await until(async () => canConnect('127.0.0.1', rawPort, 500), 5000))) throw new Error(`raw ssh -D ${rawPort} does not accept`);

	// One untimed transfer each first: the channel code, the page cache.
	await fetchThrough(undefined, source.port);
	await fetchThrough(tunnelsPort, source.port);
	await fetchThrough(rawPort, source.port);
	for (let round = 0; round < rounds; round++) {
		if (signals.interrupted) throw new Error('interrupted');
		samples.direct.push(await fetchThrough(undefined, source.port));
		const order = round % 2 === 0 ? ['tunnels', 'raw'] as const : ['raw', 'tunnels'] as const;
		for (const which of order) {
			samples[which].push(await fetchThrough(which === 'tunnels' ? tunnelsPort : rawPort, source.port));
		}
	}
} finally {
	await cleanUp();
}

const mib = (value: number): string => `${value.toFixed(0)} MiB/s`;
const row = (label: string, values: readonly number[]): string[] => [label, mib(median(values)), mib(Math.min(...values)), mib(Math.max(...values))];
printTable(`SOCKS5 throughput, ${rounds} rounds of ${mebibytes} MiB, alternating; loopback sshd`, [
	['path', 'median', 'min', 'max'],
	row('direct (no ssh)', samples.direct),
	row('raw ssh -f -N -D', samples.raw),
	row('tunnels up (dynamic:)', samples.tunnels),
]);
const paired = median(samples.tunnels.map((value, index) => value / (samples.raw[index] ?? Number.NaN)));
printTable('ratios (medians)', [
	['ratio', 'value', 'aim'],
	['tunnels / raw', (median(samples.tunnels) / median(samples.raw)).toFixed(2), '1.0 ± noise'],
	['median of per-round tunnels/raw', paired.toFixed(2), ''],
]);
console.log(`${loadBefore} before; ${loadLine()} after`);

async function cleanUp(): Promise<void> {
	const exact = (found: readonly string[]) => found.length === rawArgv.length && found.every((arg, index) => arg === rawArgv[index]);
	if (rawArgv.length > 0) {
		for (const found of await findProcesses(exact)) {
			if (!found.zombie) await killExact(found.pid, found.argv);
		}
	}

	await cleanUpTunnels({bench, echo: undefined, sshd, isLeftover: (found, b) => found[0] === 'ssh' && found.some(arg => arg.includes(b.runtimeDir))});
	await source?.close();
}
