// Jump hosts (ProxyJump): `up` returns once the tunnel is verified, whatever children ssh started,
// and `down` leaves none of them. First through the loopback sshd to itself (no root needed), then
// on real routes: network namespaces where A reaches C only through B (test/support/netns.ts).
import assert from 'node:assert/strict';
import {after, afterEach, before, describe, test} from 'node:test';
import {freePort, roundTrip, startEchoServer, type EchoServer} from '../support/echo-server.js';
import {isAlive, processTable, signal, until} from '../support/processes.js';
import {startSshd, type TestSshd} from '../support/sshd.js';
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
});
