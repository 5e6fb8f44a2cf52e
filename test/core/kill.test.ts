import assert from 'node:assert/strict';
import {test} from 'node:test';
import {killTunnelProcess, refusalFor, type KillRefusal} from '../../src/core/kill.js';
import {fakeDeps, fakeRuntime, fakeTarget, fakeUid, masterProcess, runningTunnel, sshProcess} from '../support/fake-deps.js';

const target = fakeTarget();
const seen = masterProcess(target, 4100);
const ssh = {sshBinary: 'ssh', sshConfigFile: undefined};

test('kill refuses every process it cannot prove is one of our tunnels, and names why', () => {
	const {deps} = fakeDeps();
	const cases: Array<[string, Parameters<typeof refusalFor>[2], KillRefusal | undefined]> = [
		['our tunnel, unchanged', seen, undefined],
		['gone', undefined, 'not-found'],
		['a zombie', {...seen, state: 'zombie'}, 'zombie'],
		['the PID started again later', {...seen, startTicks: '999'}, 'identity-changed'],
		['the PID runs another command line now', {...seen, argv: ['ssh', 'other']}, 'identity-changed'],
		['another user', {...seen, uid: fakeUid + 1}, 'other-user'],
	];
	for (const [what, now, expected] of cases) {
		assert.equal(refusalFor(deps, seen, now), expected, what);
	}

	const others: Array<[string, readonly string[], KillRefusal | undefined]> = [
		['not ssh', ['sleep', '30'], 'not-ssh'],
		['an interactive session', ['ssh', 'root@10.1.0.2'], 'not-a-tunnel'],
		['a control client', ['ssh', '-S', `${fakeRuntime}/mysql-b`, '-O', 'check', '--', 'root@10.1.0.2'], 'not-a-tunnel'],
		['a tunnel started by hand', ['ssh', '-f', '-N', '-L', '9906:10.1.0.2:3306', 'root@10.1.0.2'], undefined],
		['a master of ours without forwards (its forwards come by mux)', ['ssh', '-f', '-N', '-o', 'ControlMaster=yes', '-o', `ControlPath=${fakeRuntime}/x`, '--', 'h'], undefined],
		['a master elsewhere without forwards', ['ssh', '-f', '-N', '-o', 'ControlMaster=yes', '-o', 'ControlPath=/tmp/x', '--', 'h'], 'not-a-tunnel'],
	];
	for (const [what, argv, expected] of others) {
		const process = sshProcess(argv, 4200);
		assert.equal(refusalFor(deps, process, process), expected, what);
	}

	// `exec -a ssh python3 …`: a tunnel's command line, another program (its exe is not what argv[0] names).
	const impostor = {...sshProcess(['ssh', '-f', '-N', '-L', '9906:10.1.0.2:3306', 'root@10.1.0.2'], 4300), program: 'other' as const};
	assert.equal(refusalFor(deps, impostor, impostor), 'not-ssh', 'argv[0] says ssh, exe says otherwise');
});

test('a refused kill signals nothing and runs no ssh', async () => {
	const {deps, world, record} = fakeDeps();
	world.processes.push({...seen, uid: fakeUid + 1});
	assert.deepEqual(await killTunnelProcess(deps, {...seen, uid: fakeUid + 1}, ssh), {kind: 'refused', reason: 'other-user'});
	world.processes = [sshProcess(['ssh', 'root@10.1.0.2'], 4300)];
	assert.deepEqual(await killTunnelProcess(deps, world.processes[0]!, ssh), {kind: 'refused', reason: 'not-a-tunnel'});
	assert.deepEqual(record, {ssh: [], terminated: [], removedSockets: [], forwardConnections: []});
});

test('a master that answers on its socket with its own PID is stopped with ssh -O exit, and its dead socket removed', async () => {
	const {deps, world, record} = fakeDeps();
	const process = runningTunnel(world, target, 4100);
	assert.deepEqual(await killTunnelProcess(deps, process, ssh), {kind: 'stopped', by: 'ssh -O exit'});
	assert.deepEqual(record.ssh, [['ssh', '-S', target.controlPath, '-o', 'ControlMaster=no', '-O', 'exit', '--', 'root@10.1.0.2']]);
	assert.deepEqual(record.terminated, []);
	assert.deepEqual(record.removedSockets, [target.controlPath]);
});

test('a master whose socket answers with another PID is not asked to exit: verified signals instead', async () => {
	const {deps, world, record} = fakeDeps();
	const process = runningTunnel(world, target, 4100);
	world.masters.set(target.controlPath, {kind: 'alive', pid: 1});
	assert.deepEqual(await killTunnelProcess(deps, process, ssh), {kind: 'stopped', by: 'SIGTERM'});
	assert.deepEqual(record.ssh, []);
	assert.deepEqual(record.terminated, [4100]);
});

test('what the signals found is the outcome: a zombie or a new process under the PID is refused, survival is a failure', async () => {
	const cases = [
		[{kind: 'zombie'}, {kind: 'refused', reason: 'zombie'}],
		[{kind: 'identity-changed'}, {kind: 'refused', reason: 'identity-changed'}],
		[{kind: 'survived'}, {kind: 'failed', reason: 'survived'}],
		[{kind: 'not-permitted'}, {kind: 'failed', reason: 'not-permitted'}],
		[{kind: 'gone', by: 'SIGKILL'}, {kind: 'stopped', by: 'SIGKILL'}],
		[{kind: 'gone', by: 'already'}, {kind: 'stopped', by: 'already gone'}],
	] as const;
	for (const [terminated, expected] of cases) {
		const {deps, world} = fakeDeps({onTerminate: () => terminated});
		world.processes.push(seen);
		assert.deepEqual(await killTunnelProcess(deps, seen, ssh), expected, terminated.kind);
	}
});

test('a process gone before the kill counts as stopped', async () => {
	const {deps, record} = fakeDeps();
	assert.deepEqual(await killTunnelProcess(deps, seen, ssh), {kind: 'stopped', by: 'already gone'});
	assert.deepEqual(record.terminated, []);
});
