// Bind addresses written any way ssh accepts them: a name (`localhost`, this machine's host name),
// an IPv6 address spelled in full, an IPv4 shorthand. ssh resolves the name and binds each address;
// up, ls and prune must agree with what it really bound. The real binary against a real sshd on
// 127.0.0.1; every process a test starts by hand is stopped by PID (world.track, world.cleanup).
import assert from 'node:assert/strict';
import {lookup} from 'node:dns/promises';
import os from 'node:os';
import {describe, test} from 'node:test';
import {freePort, roundTrip} from '../support/echo-server.js';
import {processTable, until} from '../support/processes.js';
import {runForking} from '../support/forking.js';
import {upPid, useWorld, type World} from '../support/tunnels.js';

const T = {timeout: 60_000};

/** `prune --json`'s plan, as much as these tests read. */
type PruneJson = {readonly plan: ReadonlyArray<{readonly action: string; readonly pid?: number; readonly why: string}>};

/** This machine's host name when it resolves to loopback only (so that the test binds nothing beyond it). */
async function loopbackHostName(): Promise<string | undefined> {
	const name = os.hostname();
	const addresses = await lookup(name, {all: true}).catch(() => []);
	return addresses.length > 0 && addresses.every(({address}) => address.startsWith('127.') || address === '::1') ? name : undefined;
}

/**
 * Runs an `ssh -f` by hand to its exit and returns the PID of the tunnel it leaves (ssh forks after
 * authentication: found by its argv), tracked for cleanup. stderr goes to a file: the background ssh keeps it open.
 */
async function startByHand(world: World, argv: readonly string[]): Promise<number> {
	const {code, stderr} = await runForking(argv, world.sandbox.dir);
	assert.equal(code, 0, stderr);

	let pid: number | undefined;
	await until(() => {
		pid = processTable().find(p => p.state !== 'Z' && p.argv.join('\0') === argv.join('\0'))?.pid;
		return pid !== undefined;
	}, 5000);
	assert.ok(pid, `the tunnel of ${argv.join(' ')} runs`);
	world.track(pid);
	return pid;
}

describe('bind addresses as names and in any spelling, against a real sshd', () => {
	const setup = useWorld();

	test('a forward bound to a name or a non-canonical address comes up, is up in ls, and carries data', T, async t => {
		const {world, echo} = setup();
		const target = `127.0.0.2:${echo.port}`;
		const hostName = await loopbackHostName();
		const cases: Array<{name: string; bind: string; reach: string}> = [
			{name: 'by-localhost', bind: 'localhost', reach: '127.0.0.1'},
			{name: 'by-ipv6-in-full', bind: '[0:0:0:0:0:0:0:1]', reach: '::1'},
			{name: 'by-ipv4-short', bind: '127.1', reach: '127.0.0.1'},
			...(hostName === undefined ? [] : [{name: 'by-host-name', bind: hostName, reach: '127.0.0.1'}]),
		];
		if (hostName === undefined) {
			t.diagnostic(`the host name ${os.hostname()} does not resolve to loopback only: not tried as a bind`);
		}

		const ports = await Promise.all(cases.map(async () => freePort()));
		await world.setTunnels(Object.fromEntries(cases.map(({name, bind}, index) => [name, {host: 'testhost', local: [`${bind}:${ports[index]!}:${target}`]}])));
		for (const [index, {name, reach}] of cases.entries()) {
			const up = await world.run(['up', name]);
			assert.equal(up.exitCode, 0, `${name}: ${up.stdout}${up.stderr}`);
			assert.equal(up.stderr, '', `${name}: bound on loopback, so no warning of exposure`);
			const pid = upPid(up.stdout, name);
			const status = await world.status(name);
			assert.equal(status.state, 'up', `${name}: ${JSON.stringify(status)}`);
			assert.equal(status.pid, pid);
			assert.ok(status.forwards?.[0]?.bound.includes(reach), `${name} is bound on ${reach}: ${JSON.stringify(status.forwards)}`);
			assert.equal(await roundTrip(reach, ports[index]!, name), name);
		}
	});

	test('prune leaves alone a healthy tunnel started by hand with a name as its bind: the profile\'s line, and a foreign one', T, async () => {
		const {world, echo, sshd} = setup();
		const bind = (await loopbackHostName()) ?? 'localhost';
		const [profilePort, foreignPort] = [await freePort(), await freePort()];
		const target = `127.0.0.2:${echo.port}`;
		await world.setTunnels({named: {host: 'testhost', local: [`${bind}:${profilePort}:${target}`]}});
		const printed = await world.run(['print', 'named', '--json']);
		assert.equal(printed.exitCode, 0, printed.stderr);
		const byHand = await startByHand(world, JSON.parse(printed.stdout) as string[]);
		const foreign = await startByHand(world, ['ssh', '-F', sshd.sshConfigFile, '-f', '-N', '-L', `${bind}:${foreignPort}:${target}`, 'testhost']);

		const status = await world.status('named');
		assert.equal(status.state, 'up', JSON.stringify(status));
		assert.equal(status.pid, byHand);

		const plan = await world.run(['prune', '--dry-run', '--include-foreign', '--json']);
		assert.equal(plan.exitCode, 0, plan.stderr);
		const items = (JSON.parse(plan.stdout) as PruneJson).plan.filter(item => item.pid === byHand || item.pid === foreign);
		assert.deepEqual(items, [], 'nothing planned for either');
		assert.equal(await roundTrip('127.0.0.1', profilePort, 'still here'), 'still here');
		assert.equal(await roundTrip('127.0.0.1', foreignPort, 'foreign too'), 'foreign too');
	});
});
