import assert from 'node:assert/strict';
import {test} from 'node:test';
import {downTunnel} from '../../src/core/down.js';
import {upTunnel} from '../../src/core/up.js';
import {fakeDeps, fakeSelfPid, fakeTarget, runningTunnel, startMaster} from '../support/fake-deps.js';

const target = fakeTarget({name: 'docker', local: [{listen: {kind: 'unix', path: '/home/me/docker.sock'}, target: {kind: 'unix', path: '/var/run/docker.sock'}}], dynamic: [{listen: {kind: 'unix', path: '/home/me/socks.sock'}}]});

test('down removes the control socket and the socket files the tunnel listened on, which ssh leaves behind', async () => {
	const {deps, world, record} = fakeDeps();
	runningTunnel(world, target, 4100);
	const result = await downTunnel(deps, target, {stoppedBy: 'down'});
	assert.equal(result.kind, 'stopped');
	assert.deepEqual(record.removedSockets.sort(), [target.controlPath, '/home/me/docker.sock', '/home/me/socks.sock'].sort());
});

test('a socket file something answers on, or one of a master that was not stopped, stays', async () => {
	const answering = fakeDeps();
	runningTunnel(answering.world, target, 4100);
	await downTunnel({...answering.deps, canConnectSocket: async () => ({kind: 'open'})}, target, {stoppedBy: 'down'});
	assert.deepEqual(answering.record.removedSockets, [target.controlPath]);

	const survivor = fakeDeps({onTerminate: () => ({kind: 'survived'})});
	runningTunnel(survivor.world, target, 4100);
	survivor.world.masters.set(target.controlPath, {kind: 'alive', pid: 1});
	const result = await downTunnel(survivor.deps, target, {stoppedBy: 'down'});
	assert.equal(result.kind === 'stopped' && result.stopped[0]?.outcome.kind, 'failed');
	assert.deepEqual(survivor.record.removedSockets, []);
});

/** Runs `up`, and `down` once up's ssh is running; `release` lets ssh return, before or after down has returned. */
async function upThenDown(release: 'while-down-waits' | 'after-down') {
	let open: () => void = () => undefined;
	const gate = new Promise<void>(resolve => {
		open = resolve;
	});
	const {deps, world} = fakeDeps({onStart: async (argv, world) => {
		await gate;
		return startMaster(argv, world);
	}});
	const plain = fakeTarget();
	const upping = upTunnel(deps, plain, {prompt: {kind: 'none'}, targets: [plain], clearsStop: true});
	for (let turn = 0; turn < 1000 && world.heldLocks.size === 0; turn++) {
		await new Promise(resolve => setImmediate(resolve));
	}

	world.clockMs += 50;
	const downing = downTunnel(deps, plain, {stoppedBy: 'down'});
	if (release === 'while-down-waits') {
		open();
	}

	const down = await downing;
	open();
	const up = await upping;
	const running = world.processes.filter(process => process.name === 'ssh').map(process => process.pid);
	return {up: up.kind, down, running};
}

test('a down issued while up is starting wins: the tunnel is not left running, and down says what it stopped (issue 13, item 7)', async () => {
	for (const release of ['while-down-waits', 'after-down'] as const) {
		const {up, down, running} = await upThenDown(release);
		assert.deepEqual(running, [], `${release}: nothing runs`);
		assert.equal(up, 'stopped', `${release}: the start undid itself`);
		assert.deepEqual(down, {kind: 'not-running', socketRemoved: false, startStopped: fakeSelfPid}, release);
	}
});
