// Shared tunnels over fake effects: one master per identity, forwards through the mux, the master's end.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {downTunnel} from '../../src/core/down.js';
import {observeTunnels} from '../../src/core/observe.js';
import {upTunnel} from '../../src/core/up.js';
import {masterOnly} from '../../src/tunnel/share.js';
import type {TunnelTarget} from '../../src/tunnel/target.js';
import {forward} from '../support/builders.js';
import {countingListenerReads, fakeDeps, fakeTarget, listener, managedArgv} from '../support/fake-deps.js';

const sharedPath = fakeTarget().controlPath.replace(/[^/]+$/, '+0123456789ab');
const sharedTarget = (name: string, port: number): TunnelTarget => {
	const target = fakeTarget({name, share: true, local: [forward({bind: '127.0.0.1', port})]});
	return {...target, controlPath: sharedPath};
};
const a = sharedTarget('a', 7001);
const b = sharedTarget('b', 7002);
const options = {prompt: {kind: 'none'}, targets: [a, b], clearsStop: true} as const;

test('the first shared tunnel starts a master without forwards and adds its own; the second only adds its own', async () => {
	const {deps, record} = fakeDeps({nextPid: 4200});
	const first = await upTunnel(deps, a, options);
	assert.equal(first.kind, 'started');
	assert.deepEqual(record.ssh, [managedArgv({...a, tunnel: masterOnly(a.tunnel)})]);
	assert.ok(!record.ssh[0]!.includes('-L'));
	const second = await upTunnel(deps, b, options);
	assert.deepEqual(second.kind === 'started' ? second.pid : second, 4200);
	assert.equal(record.ssh.length, 1, 'no ssh spawned for the second');
	const observed = await observeTunnels(deps, [a, b]);
	assert.deepEqual(observed.tunnels.map(({status}) => [status.kind, status.kind === 'up' ? status.pid : 0]), [['up', 4200], ['up', 4200]]);
	assert.deepEqual(observed.strays, []);
});

test('the second shared tunnel, its ports free, reads no listener before its forward is added: only the check after it does (issue 17)', async () => {
	const fake = fakeDeps({nextPid: 4200});
	await upTunnel(fake.deps, a, options);
	const {deps: counted, reads} = countingListenerReads(fake.deps);
	assert.equal((await upTunnel(counted, b, options)).kind, 'started');
	assert.equal(reads(), 1);
	assert.equal((await upTunnel(counted, b, options)).kind, 'already-up', 'its port taken by its own forward: looked at in full');
});

test('down of one closes its forwards only; the last down ends the master', async () => {
	const {deps, world} = fakeDeps({nextPid: 4300});
	await upTunnel(deps, a, options);
	await upTunnel(deps, b, options);
	const downA = await downTunnel(deps, a, {stoppedBy: 'down'});
	assert.deepEqual(downA, {kind: 'released', pid: 4300, ended: []});
	assert.deepEqual((await observeTunnels(deps, [a, b])).tunnels.map(({status}) => status.kind), ['down', 'up']);
	const downB = await downTunnel(deps, b, {stoppedBy: 'down'});
	assert.equal(downB.kind, 'released');
	assert.equal(downB.kind === 'released' ? downB.ended.map(({pid}) => pid).join() : '', '4300');
	assert.equal(world.processes.length, 0);
});

test('down of a shared tunnel the live master does not carry says it was not running, and leaves the master to the others', async () => {
	const {deps, world} = fakeDeps({nextPid: 4350});
	await upTunnel(deps, a, options);
	assert.deepEqual(await downTunnel(deps, b, {stoppedBy: 'down'}), {kind: 'not-running', socketRemoved: false});
	assert.deepEqual(await downTunnel(deps, a, {stoppedBy: 'down'}), {kind: 'released', pid: 4350, ended: [{pid: 4350, outcome: {kind: 'stopped', by: 'ssh -O exit'}}]});
	assert.equal(world.processes.length, 0);
});

test('a forward lost on the live master is that tunnel\'s stale no-listener; up opens it again on the same master', async () => {
	const {deps, world, record} = fakeDeps({nextPid: 4400});
	await upTunnel(deps, a, options);
	await upTunnel(deps, b, options);
	world.listeners = world.listeners.filter(listener => !(listener.kind === 'tcp' && listener.port === 7002));
	const observed = await observeTunnels(deps, [a, b]);
	assert.deepEqual(observed.tunnels.map(({status}) => [status.kind, status.kind === 'stale' ? status.reason : '']), [['up', ''], ['stale', 'no-listener']]);
	const repaired = await upTunnel(deps, b, options);
	assert.deepEqual(repaired.kind === 'started' ? repaired.pid : repaired, 4400);
	assert.equal(record.ssh.length, 1, 'no new connection');
});

test('a port taken by someone else is refused before any master starts', async () => {
	const {deps, world} = fakeDeps({nextPid: 4500});
	world.listeners.push(listener('127.0.0.1', 7001, [999]));
	const result = await upTunnel(deps, a, {...options, targets: []});
	assert.equal(result.kind, 'port-taken');
	assert.equal(world.processes.length, 0);
});

// A `down` of a shared tunnel that comes while its start runs wins (up-locks.ts): the start undoes
// only what it added. Stopping the master's processes, as for a tunnel of its own, ended the master
// every other shared tunnel rode on.
test('a stop that comes during a shared tunnel\'s start closes that tunnel\'s forwards only; the master carries on', async () => {
	const {deps, world} = fakeDeps({nextPid: 4450});
	await upTunnel(deps, a, options);
	const stopDuringStart = {...deps, requestForwards: (async (...args) => {
		world.stops.set('b', {at: deps.now().toISOString(), by: 'down'});
		return deps.requestForwards(...args);
	}) as typeof deps.requestForwards};
	assert.equal((await upTunnel(stopDuringStart, b, options)).kind, 'stopped');
	assert.deepEqual(world.processes.map(({pid}) => pid), [4450], 'the shared master runs on');
	world.stops.delete('b');
	assert.deepEqual((await observeTunnels(deps, [a, b])).tunnels.map(({status}) => status.kind), ['up', 'down']);
});

// A shared master that carries no tunnel of the profile (its tunnels taken out of the file while it
// ran, or a crash between its start and its first forward) is still ours and still connected: it is
// shown outside the profile as an orphan, for prune to end, unless a start or stop holds its lock.
test('a shared master that carries no tunnel of the profile is an orphan outside it, unless its lock is held', async () => {
	const {deps, world} = fakeDeps({nextPid: 4500});
	await upTunnel(deps, a, options);
	const carried = await observeTunnels(deps, [a, b]);
	assert.deepEqual(carried.strays, [], 'a carries it');
	const left = await observeTunnels(deps, [b]);
	assert.deepEqual(left.tunnels.map(({status}) => status.kind), ['down']);
	assert.deepEqual(left.strays.map(({origin, process}) => [origin, process.pid]), [['orphan', 4500]]);
	world.heldLocks.set(sharedPath.split('/').at(-1)!, 999);
	assert.deepEqual((await observeTunnels(deps, [b])).strays, [], 'a start or stop of it is under way');
});
