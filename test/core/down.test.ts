import assert from 'node:assert/strict';
import {test} from 'node:test';
import {downTunnel} from '../../src/core/down.js';
import {fakeDeps, fakeTarget, runningTunnel} from '../support/fake-deps.js';

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
