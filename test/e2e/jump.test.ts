// Jump hosts (ProxyJump): `up` returns once the tunnel is verified, whatever children ssh started,
// and `down` leaves none of them. First through the loopback sshd to itself (no root needed), then
// on real routes: network namespaces where A reaches C only through B (test/support/netns.ts).
import assert from 'node:assert/strict';
import {mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {after, afterEach, before, describe, test} from 'node:test';
import {createSandbox, type Sandbox} from '../support/cli.js';
import {freePort, roundTrip, startEchoServer, type EchoServer} from '../support/echo-server.js';
import {address, createRoute, netnsUnavailable, type Route} from '../support/netns.js';
import {isAlive, processTable, readProc, signal, until} from '../support/processes.js';
import {startSshd, type TestSshd} from '../support/sshd.js';
import {openTerminal} from '../support/terminal.js';
import {createWorld, upPid, type World} from '../support/tunnels.js';

const T = {timeout: 60_000};

type StepJson = {readonly label: string; readonly result: {readonly kind: string; readonly detail: string}};
type DoctorJson = ReadonlyArray<{readonly label: string; readonly verdict: {readonly kind: string; readonly detail: string}}>;

describe('a jump host through the loopback sshd (jump: testhost, host: 127.0.0.1)', () => {
	let sshd: TestSshd | undefined;
	let echo: EchoServer | undefined;
	let world: World | undefined;
	before(async () => {
		[sshd, echo] = await Promise.all([startSshd(), startEchoServer('127.0.0.2')]);
		world = await createWorld(sshd);
	});
	/** ssh processes (zombies aside) that read this test's client config: the masters and their `ssh -W` jump children. */
	const sshOfThisTest = () => processTable().filter(p => p.name === 'ssh' && p.state !== 'Z' && p.argv.includes(sshd!.sshConfigFile));
	afterEach(async () => {
		await world?.cleanup();
		for (const p of sshOfThisTest()) signal(p.pid, 'SIGKILL');
	});
	after(async () => {
		await world?.dispose();
		await Promise.allSettled([sshd?.dispose(), echo?.close()]);
	});

	test('up returns with the tunnel up while its jump child lives on; bytes pass; check and doctor go through the jump; down leaves no ssh', T, async () => {
		assert.ok(world && echo && sshd);
		const port = await freePort();
		await world.setTunnels({jumped: {host: '127.0.0.1', jump: sshd.host, local: [`${port}:127.0.0.2:${echo.port}`]}});

		const up = await world.run(['up', 'jumped']);
		assert.equal(up.exitCode, 0, up.stdout + up.stderr);
		assert.equal(up.stderr, '');
		const pid = upPid(up.stdout, 'jumped');
		const jumpChild = sshOfThisTest().find(p => p.argv.includes('-W'));
		assert.ok(jumpChild, 'ssh started its `ssh -W` jump child');
		assert.ok(isAlive(jumpChild.pid), 'the jump child, which holds the stderr up read, still runs: up did not wait for it');
		assert.equal((await world.status('jumped')).state, 'up');
		assert.equal(await roundTrip('127.0.0.1', port, 'through the jump'), 'through the jump');

		const check = await world.run(['check', 'jumped', '--json']);
		assert.equal(check.exitCode, 0, check.stdout + check.stderr);
		const steps = (JSON.parse(check.stdout) as {steps: StepJson[]}).steps;
		assert.deepEqual(steps.filter(step => step.result.kind !== 'pass'), [], 'every step passes');
		assert.match(steps[0]!.result.detail, new RegExp(`@127\\.0\\.0\\.1:${sshd.port} via ${sshd.host}$`), 'ssh -G sees the jump');

		const doctor = await world.run(['doctor', 'jumped', '--json']);
		assert.equal(doctor.exitCode, 0, doctor.stdout + doctor.stderr);
		const lines = JSON.parse(doctor.stdout) as DoctorJson;
		assert.deepEqual(lines.filter(line => line.verdict.kind !== 'pass'), []);
		assert.match(lines.find(line => line.label.startsWith('ssh config for jumped'))?.verdict.detail ?? '', new RegExp(`via ${sshd.host}`));
		assert.equal(lines.at(-1)?.verdict.detail, 'the server allows forwarding and the target answers');

		const down = await world.run(['down', 'jumped']);
		assert.equal(down.exitCode, 0, down.stdout + down.stderr);
		assert.match(down.stdout, new RegExp(`^jumped down · pid ${pid} · ssh -O exit$`, 'm'));
		assert.ok(await until(() => sshOfThisTest().length === 0, 5000), `left running: ${JSON.stringify(sshOfThisTest().map(p => p.argv))}`);
	});

	test('in the UI a jump tunnel goes from starting to up, and back to down with no ssh left', T, async () => {
		assert.ok(world && echo && sshd);
		const port = await freePort();
		await world.setTunnels({jumped: {host: '127.0.0.1', jump: sshd.host, local: [`${port}:127.0.0.2:${echo.port}`]}});
		const terminal = await openTerminal(world.sandbox.env);
		try {
			await terminal.waitFor(/› ○ down +jumped/);
			await terminal.send(['Enter']);
			// The row used to stay `starting` for as long as the jump child lived: the UI waited on its pipe.
			await terminal.waitFor(/› ● up +jumped/);
			assert.equal(await roundTrip('127.0.0.1', port, 'through the UI'), 'through the UI');
			await terminal.send(['Enter']);
			await terminal.waitFor(/› ○ down +jumped/);
			assert.ok(await until(() => sshOfThisTest().length === 0, 5000), `left running: ${JSON.stringify(sshOfThisTest().map(p => p.argv))}`);
		} finally {
			await terminal.close();
		}
	});

	test('a ProxyCommand (allowed by allowCommands) holds ssh\'s stderr the same way: up returns, down leaves no ssh', T, async () => {
		assert.ok(world && echo && sshd);
		const port = await freePort();
		await world.setTunnels({proxied: {
			host: '127.0.0.1', allowCommands: true, options: {ProxyCommand: `ssh -F ${sshd.sshConfigFile} -W %h:%p ${sshd.host}`},
			local: [`${port}:127.0.0.2:${echo.port}`],
		}});
		const up = await world.run(['up', 'proxied']);
		assert.equal(up.exitCode, 0, up.stdout + up.stderr);
		const proxy = sshOfThisTest().find(p => p.argv.includes('-W'));
		assert.ok(proxy && isAlive(proxy.pid), 'the ProxyCommand still runs: up did not wait for it');
		assert.equal(await roundTrip('127.0.0.1', port, 'through the proxy'), 'through the proxy');
		const down = await world.run(['down', 'proxied']);
		assert.equal(down.exitCode, 0, down.stdout + down.stderr);
		assert.ok(await until(() => sshOfThisTest().length === 0, 5000), `left running: ${JSON.stringify(sshOfThisTest().map(p => p.argv))}`);
	});
});

const unavailable = await netnsUnavailable();

describe('jump hosts on real routes: network namespaces A–B–C–D, where A reaches C only through B', {skip: unavailable === undefined ? false : `skipped: ${unavailable}`}, () => {
	let route: Route | undefined;
	let sandbox: Sandbox | undefined;
	before(async () => {
		[route, sandbox] = await Promise.all([createRoute(), createSandbox()]);
	});
	/** Live ssh processes inside A: the masters and their jump children. */
	const sshInA = async () => (await route!.pids('A')).flatMap(pid => readProc(pid) ?? []).filter(p => p.name === 'ssh' && p.state !== 'Z');
	afterEach(async () => {
		if (!route || !sandbox) return;
		await route.tunnels(sandbox, ['down', '--all']);
		for (const p of await sshInA()) signal(p.pid, 'SIGKILL');
	});
	after(async () => {
		await Promise.allSettled([route?.dispose(), sandbox?.dispose()]);
	});

	const setTunnels = async (tunnels: Record<string, unknown>) => {
		await mkdir(path.dirname(sandbox!.profile), {recursive: true});
		await writeFile(sandbox!.profile, `${JSON.stringify({allowCommands: true, sshConfig: route!.sshConfigFile, tunnels}, undefined, 2)}\n`, {mode: 0o600});
	};
	const json = async <T>(args: readonly string[]): Promise<T> => {
		const result = await route!.tunnels(sandbox!, [...args, '--json']);
		assert.equal(result.exitCode, 0, `tunnels ${args.join(' ')}: ${result.stdout}${result.stderr}`);
		return JSON.parse(result.stdout) as T;
	};

	/** up inside A, bytes to the target through the forward, check and doctor, down: no ssh left in A. */
	const throughTheChain = async (name: string, port: number, jumpChildren: number, via: string, ends: string) => {
		const up = await route!.tunnels(sandbox!, ['up', name]);
		assert.equal(up.exitCode, 0, up.stdout + up.stderr);
		const pid = upPid(up.stdout, name);
		const children = (await sshInA()).filter(p => p.argv.includes('-W'));
		assert.equal(children.length, jumpChildren, `one \`ssh -W\` per hop: ${JSON.stringify(children.map(p => p.argv))}`);
		assert.ok(children.every(p => isAlive(p.pid)), 'the jump children, which hold the stderr up read, still run');
		const ls = await json<{tunnels: Array<{name: string; state: string; pid?: number}>}>(['ls']);
		assert.deepEqual(ls.tunnels.find(tunnel => tunnel.name === name), {...ls.tunnels.find(tunnel => tunnel.name === name), state: 'up', pid});
		assert.equal(await route!.roundTrip('A', '127.0.0.1', port, `A to ${ends}`), `A to ${ends}`);

		const {steps} = await json<{steps: StepJson[]}>(['check', name]);
		assert.deepEqual(steps.filter(step => step.result.kind !== 'pass'), [], 'every step of check passes');
		assert.match(steps[0]!.result.detail, new RegExp(`@${ends.replaceAll('.', '\\.')}:22 via ${via.replaceAll('.', '\\.')}$`));

		const doctor = await json<DoctorJson>(['doctor', name]);
		assert.deepEqual(doctor.filter(line => line.verdict.kind !== 'pass'), []);
		assert.equal(doctor.at(-1)?.verdict.detail, 'the server allows forwarding and the target answers');

		const down = await route!.tunnels(sandbox!, ['down', name]);
		assert.equal(down.exitCode, 0, down.stdout + down.stderr);
		assert.match(down.stdout, new RegExp(`^${name} down · pid ${pid} · ssh -O exit$`, 'm'));
		assert.ok(await until(async () => (await sshInA()).length === 0, 5000), `ssh left in A: ${JSON.stringify((await sshInA()).map(p => p.argv))}`);
	};

	test('the route is real: A cannot reach C or D directly', T, async () => {
		assert.ok(route);
		for (const hop of ['C', 'D'] as const) {
			await assert.rejects(route.roundTrip('A', address[hop], 22, 'x'), /ENETUNREACH|EHOSTUNREACH|timed out/, `A must not reach ${hop}`);
		}
	});

	test('one jump (host: C, jump: B): up returns, bytes reach C\'s loopback, check and doctor pass through B, down leaves no ssh in A', T, async () => {
		assert.ok(route);
		await setTunnels({'c-via-b': {host: address.C, jump: address.B, local: [`19701:127.0.0.1:${route.echoPort.C}`]}});
		await throughTheChain('c-via-b', 19701, 1, address.B, address.C);
	});

	test('two jumps (host: D, jump: [B, C]): the same through the chain', T, async () => {
		assert.ok(route);
		await setTunnels({'d-via-b-c': {host: address.D, jump: [address.B, address.C], local: [`19702:127.0.0.1:${route.echoPort.D}`]}});
		await throughTheChain('d-via-b-c', 19702, 2, `${address.B},${address.C}`, address.D);
	});

	test('a jump host that cannot reach the server: up and doctor give the jump host\'s reason; nothing is left running', T, async () => {
		assert.ok(route && sandbox);
		// Nothing listens on C's port 23: B's connection there is refused.
		await setTunnels({refused: {host: address.C, port: 23, jump: address.B, local: [`19703:127.0.0.1:${route.echoPort.C}`]}});
		const up = await route.tunnels(sandbox, ['up', 'refused']);
		assert.equal(up.exitCode, 1, up.stdout + up.stderr);
		assert.match(up.stderr, /^error: refused: a jump host could not open the way to the next hop \(connect failed: Connection refused\)$/m);
		assert.match(up.stderr, /^ {2}hint: check that each jump host can reach the next one, and the last the tunnel's host and port$/m);
		assert.deepEqual(await sshInA(), []);

		const doctor = await route.tunnels(sandbox, ['doctor', 'refused', '--json']);
		assert.equal(doctor.exitCode, 1, doctor.stdout + doctor.stderr);
		const line = (JSON.parse(doctor.stdout) as DoctorJson).at(-1);
		assert.equal(line?.verdict.kind, 'fail');
		assert.match(line?.verdict.detail ?? '', /a jump host could not open the way to the next hop \(connect failed: Connection refused\)/);
		assert.deepEqual(await sshInA(), []);
	});

	test('the link to the jump host goes dead under a running tunnel: down still leaves no ssh in A', T, async () => {
		assert.ok(route && sandbox);
		await setTunnels({'c-via-b': {host: address.C, jump: address.B, local: [`19704:127.0.0.1:${route.echoPort.C}`]}});
		const up = await route.tunnels(sandbox, ['up', 'c-via-b']);
		assert.equal(up.exitCode, 0, up.stdout + up.stderr);
		assert.equal((await sshInA()).length, 2, 'the master and its jump child');
		await route.exec('A', ['ip', 'link', 'set', 'to-b', 'down']);
		try {
			const down = await route.tunnels(sandbox, ['down', 'c-via-b']);
			assert.equal(down.exitCode, 0, down.stdout + down.stderr);
			assert.ok(await until(async () => (await sshInA()).length === 0, 5000), `ssh left in A: ${JSON.stringify((await sshInA()).map(p => p.argv))}`);
		} finally {
			await route.exec('A', ['ip', 'link', 'set', 'to-b', 'up']);
		}
	});
});
