// Telling the truth about tunnels that went wrong: killed, zombie, frozen, started by hand, and a
// PID that changed hands. The real binary against a real sshd on 127.0.0.1.
import assert from 'node:assert/strict';
import {tunnelLogPath} from '../../src/logs/paths.js';
import {spawn, type ChildProcess} from 'node:child_process';
import {existsSync} from 'node:fs';
import {describe, test} from 'node:test';
import {execa} from 'execa';
import {downTunnel} from '../../src/core/down.js';
import {systemDeps} from '../../src/core/system.js';
import {readProcess} from '../../src/proc/processes.js';
import {terminateVerified} from '../../src/proc/signal.js';
import {buildSshArgv} from '../../src/ssh/argv.js';
import {forward, tunnel as buildTunnel} from '../support/builders.js';
import {freePort, roundTrip, waitForPort} from '../support/echo-server.js';
import {upPid, useWorld} from '../support/tunnels.js';
import {isAlive, processTable, readProc, signal, until} from '../support/processes.js';

const T = {timeout: 60_000};

describe('tunnels ls against a real sshd', () => {
	const setup = useWorld();

	test('a tunnel killed with SIGKILL is not up, its socket is stale; up starts it again and it is fully manageable', T, async () => {
		const {world, echo: b} = setup();
		const port = await freePort();
		await world.setTunnels({killed: {host: 'testhost', local: [`${port}:127.0.0.2:${b.port}`]}});
		const first = await world.run(['up', 'killed']);
		assert.equal(first.exitCode, 0, first.stderr);
		const pid = upPid(first.stdout, 'killed');

		process.kill(pid, 'SIGKILL');
		assert.ok(await until(() => !isAlive(pid), 5000), 'the killed ssh dies');
		assert.ok(existsSync(world.controlPath('killed')), 'SIGKILL leaves the socket file behind');
		const killed = await world.status('killed');
		assert.equal(killed.state, 'stale');
		assert.equal(killed.reason, 'socket-refused');
		assert.deepEqual(killed.pids, []);

		// A new master on a stale socket path would run without a socket: up must clear it first.
		const again = await world.run(['up', 'killed']);
		assert.equal(again.exitCode, 0, again.stderr);
		const newPid = upPid(again.stdout, 'killed');
		assert.notEqual(newPid, pid);
		assert.deepEqual(world.masters('killed'), [newPid]);
		assert.equal(await roundTrip('127.0.0.1', port, 'back again'), 'back again');
		const up = await world.status('killed');
		assert.equal(up.state, 'up');
		assert.equal(up.pid, newPid);

		const down = await world.run(['down', 'killed']);
		assert.equal(down.exitCode, 0, down.stderr);
		assert.equal(down.stdout, `killed down · pid ${newPid} · ssh -O exit\n`, 'stopped through its socket, so the socket answered');
		assert.equal(isAlive(newPid), false);
		assert.equal(existsSync(world.controlPath('killed')), false);
	});

	test('a zombie ssh is not up', T, async t => {
		const {world, sshd, echo: b} = setup();
		const port = await freePort();
		await world.setTunnels({zombie: {host: 'testhost', local: [`${port}:127.0.0.2:${b.port}`]}});
		// The tunnel's own master command line, but in the foreground under a parent that never
		// reaps: `sh` forks ssh, then becomes `sleep`. Killed, the ssh stays a zombie until sleep ends.
		const argv = ['ssh', '-F', sshd.sshConfigFile, '-N', '-o', 'ExitOnForwardFailure=yes', '-o', 'ControlMaster=yes', '-o', `ControlPath=${world.controlPath('zombie')}`, '-o', 'ControlPersist=no', '-L', `${port}:127.0.0.2:${b.port}`, '--', 'testhost'];
		const parent: ChildProcess = spawn('sh', ['-c', '"$@" & exec sleep 30', 'sh', ...argv], {stdio: 'ignore'});
		try {
			assert.ok(parent.pid);
			let ssh: number | undefined;
			assert.ok(await until(() => {
				ssh = processTable().find(p => p.ppid === parent.pid && p.argv[0] === 'ssh')?.pid;
				return ssh !== undefined;
			}, 5000), 'sh started ssh');
			assert.ok(ssh);
			await waitForPort('127.0.0.1', port, 10_000);
			assert.ok(await until(() => existsSync(world!.controlPath('zombie')), 5000), 'ssh made its control socket');
			const alive = await world.status('zombie');
			assert.equal(alive.state, 'up', 'while it lives, the hand-started master is the tunnel');
			assert.equal(alive.pid, ssh);

			process.kill(ssh, 'SIGKILL');
			const zombie = await until(() => readProc(ssh!)?.state === 'Z', 5000);
			if (!zombie) {
				t.skip(`pid ${ssh} did not stay a zombie (state ${readProc(ssh)?.state ?? 'gone'}): something reaped it`);
				return;
			}

			const ls = await world.ls();
			const entry = ls.tunnels.find(tunnel => tunnel.name === 'zombie');
			assert.notEqual(entry?.state, 'up');
			assert.equal(entry?.state, 'stale');
			assert.equal(entry?.reason, 'socket-refused');
			assert.deepEqual(entry?.pids, [], 'a zombie is not counted as the tunnel\'s process');
			assert.equal(ls.outside.some(stray => stray.pid === ssh), false, 'nor as a stray');
			assert.equal(readProc(ssh)?.state, 'Z', 'still a zombie while ls ran');

			const down = await world.run(['down', 'zombie']);
			assert.equal(down.exitCode, 0, down.stderr);
			assert.equal(down.stdout, 'zombie was not running; removed its stale control socket\n');
		} finally {
			// sleep's end hands the zombie to PID 1, which reaps it.
			parent.kill('SIGKILL');
		}
	});

	test('a master frozen with SIGSTOP: ls answers within its timeouts and does not call it up', T, async () => {
		const {world, echo: b} = setup();
		const port = await freePort();
		await world.setTunnels({frozen: {host: 'testhost', local: [`${port}:127.0.0.2:${b.port}`]}});
		const up = await world.run(['up', 'frozen']);
		assert.equal(up.exitCode, 0, up.stderr);
		const pid = upPid(up.stdout, 'frozen');
		try {
			let started = performance.now();
			assert.equal((await world.status('frozen')).state, 'up');
			const baseline = performance.now() - started;

			process.kill(pid, 'SIGSTOP');
			assert.ok(await until(() => readProc(pid)?.state === 'T', 2000), 'stopped');
			started = performance.now();
			const frozen = await world.status('frozen');
			const elapsed = performance.now() - started;
			assert.equal(frozen.state, 'stale');
			assert.equal(frozen.reason, 'master-unresponsive');
			assert.deepEqual(frozen.pids, [pid]);
			// One bounded mux check (1 s) on top of what ls costs anyway; the machine is shared, so
			// allow for a slow start of node itself.
			assert.ok(elapsed < Math.max(3000, baseline + 2000), `ls took ${Math.round(elapsed)} ms with a frozen master (${Math.round(baseline)} ms without)`);

			process.kill(pid, 'SIGCONT');
			assert.ok(await until(async () => (await world!.status('frozen')).state === 'up', 10_000), 'up again once it runs');
			assert.equal(await roundTrip('127.0.0.1', port, 'thawed'), 'thawed');

			// Frozen again, it cannot answer `ssh -O exit`: down falls back to verified signals.
			process.kill(pid, 'SIGSTOP');
			const down = await world.run(['down', 'frozen']);
			assert.equal(down.exitCode, 0, down.stderr);
			assert.match(down.stdout, new RegExp(`^frozen down · pid ${pid} · SIG(TERM|KILL)\\n$`));
			assert.equal(isAlive(pid), false);
			assert.equal(existsSync(world.controlPath('frozen')), false);
		} finally {
			signal(pid, 'SIGCONT');
		}
	});

	test('a hand-started ssh -f -N -L is listed as a tunnel outside the profile; an ssh without forwards is not', T, async () => {
		const {world, sshd, echo: b} = setup();
		const port = await freePort();
		const spec = `${port}:127.0.0.2:${b.port}`;
		await world.setTunnels({});
		const session = execa('ssh', ['-F', sshd.sshConfigFile, '--', 'testhost', 'sleep', '30'], {reject: false, stdin: 'ignore'});
		let foreign: number | undefined;
		try {
			const started = await execa('ssh', ['-F', sshd.sshConfigFile, '-f', '-N', '-o', 'ExitOnForwardFailure=yes', '-L', spec, 'testhost'], {reject: false, stdin: 'ignore', timeout: 20_000});
			assert.equal(started.exitCode, 0, started.stderr);
			foreign = processTable().find(p => p.argv[0] === 'ssh' && p.argv.includes('-f') && p.argv.includes(spec))?.pid;
			assert.ok(foreign, 'the background ssh runs');
			world.track(foreign);
			assert.equal(await roundTrip('127.0.0.1', port, 'by hand'), 'by hand');
			assert.ok(session.pid && (await until(() => isAlive(session.pid!), 1000)));

			const ls = await world.ls();
			const stray = ls.outside.find(candidate => candidate.pid === foreign);
			assert.ok(stray, `pid ${foreign} among the strays: ${JSON.stringify(ls.outside.map(s => s.pid))}`);
			assert.equal(stray.origin, 'outside');
			assert.deepEqual(stray.forwards, [{flag: 'L', spec}]);
			assert.equal(stray.destination, 'testhost');
			assert.ok(stray.listeners.some(listener => listener.address === '127.0.0.1' && listener.port === port), JSON.stringify(stray.listeners));
			assert.equal(ls.outside.some(candidate => candidate.pid === session.pid), false, 'an ssh session without forwards is not a tunnel');

			const table = await world.run(['ls']);
			assert.equal(table.exitCode, 0, table.stderr);
			assert.match(table.stdout, new RegExp(`^${foreign} +outside the profile +\\S+ +L ${spec} +testhost$`, 'm'));
		} finally {
			if (foreign !== undefined && readProc(foreign)?.argv.includes(spec)) signal(foreign, 'SIGKILL');
			session.kill('SIGKILL');
			await session;
		}
	});
});

describe('down never signals a PID that changed hands', () => {
	// A real PID reuse cannot be forced; what makes it harmless can be: down signals a process only
	// after /proc still shows the start time and command line it saw. Here the process list lies,
	// as a reused PID would look: a live `sleep` where the tunnel's ssh was seen.
	const tunnel = buildTunnel({name: 'reused', host: 'testhost', user: undefined, local: [forward({host: '127.0.0.2'})]});

	test('the same PID with another command line, or another start time, is left alone', T, async () => {
		const runtimeDir = `/tmp/tunnels-reuse-${process.pid}`;
		const target = {tunnel, controlPath: `${runtimeDir}/reused`, ssh: {sshBinary: 'ssh', sshConfigFile: undefined}};
		const sleeper = spawn('sleep', ['30'], {stdio: 'ignore'});
		try {
			assert.ok(sleeper.pid);
			const real = await readProcess(sleeper.pid);
			assert.ok(real && real.state !== 'zombie');
			const sshArgv = buildSshArgv(tunnel, {kind: 'managed', context: {...target.ssh, controlPath: target.controlPath, logFile: tunnelLogPath(runtimeDir, 'reused'), batch: true}});
			// The tunnel's ssh was seen with this PID; now sleep has it.
			const deps = {...systemDeps({socketDirectory: runtimeDir, socketBase: runtimeDir}, process.getuid?.() ?? 0), listSshProcesses: async () => [{...real, name: 'ssh', argv: sshArgv}]};
			const result = await downTunnel(deps, target, {stoppedBy: undefined});
			assert.equal(result.kind, 'stopped');
			const outcomes = result.kind === 'stopped' ? result.stopped : [];
			assert.equal(outcomes.length, 1);
			assert.equal(outcomes[0]?.pid, sleeper.pid);
			assert.notEqual(outcomes[0]?.outcome.kind, 'stopped');
			assert.match(JSON.stringify(outcomes[0]?.outcome), /identity-changed/);
			// The same command line under the same PID, but started at another time.
			assert.deepEqual(await terminateVerified({...real, startTicks: String(Number(real.startTicks) - 1)}), {kind: 'identity-changed'});
			assert.equal(isAlive(sleeper.pid), true, 'sleep was not signalled');
			assert.equal(sleeper.exitCode, null);
			assert.equal(sleeper.signalCode, null);
		} finally {
			sleeper.kill('SIGKILL');
		}
	});
});
