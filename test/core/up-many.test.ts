// Starting many tunnels at once (`up --all`): shared tunnels of one master go together (one master
// start, one connection for their forward requests, one verification), each keeping its own result.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {observeTunnels, takeSnapshot} from '../../src/core/observe.js';
import {startGroups, upTunnels} from '../../src/core/up-many.js';
import type {UpResult} from '../../src/core/up.js';
import type {TunnelTarget} from '../../src/tunnel/target.js';
import {forward} from '../support/builders.js';
import {failingStart, fakeDeps, fakeTarget, listener} from '../support/fake-deps.js';

const sharedPath = fakeTarget().controlPath.replace(/[^/]+$/, '+0123456789ab');
const otherPath = fakeTarget().controlPath.replace(/[^/]+$/, '+ba9876543210');
const sharedTarget = (name: string, port: number, controlPath = sharedPath): TunnelTarget => {
	const target = fakeTarget({name, share: true, local: [forward({bind: '127.0.0.1', port})]});
	return {...target, controlPath};
};
const [a, b, c] = [sharedTarget('a', 7001), sharedTarget('b', 7002), sharedTarget('c', 7003)];
const options = (targets: readonly TunnelTarget[]) => ({prompt: {kind: 'none'}, targets, clearsStop: true} as const);
const kinds = (results: readonly UpResult[]) => results.map(result => (result.kind === 'started' ? `started ${result.pid}` : result.kind));

test('startGroups: shared tunnels of one master together, in the order of their first; any other tunnel alone', () => {
	const own = fakeTarget({name: 'own', local: [forward({port: 7100})]});
	const elsewhere = sharedTarget('x', 7200, otherPath);
	assert.deepEqual(startGroups([a, own, elsewhere, b, c]), [[0, 3, 4], [1], [2]]);
	assert.deepEqual(startGroups([own, {...own, tunnel: {...own.tunnel, name: 'own2'}}]), [[0], [1]], 'unshared tunnels never group, whatever their ControlPath');
	assert.deepEqual(startGroups([]), []);
});

test('three shared tunnels: one ssh, one connection for the forward requests, each started on the one master', async () => {
	const {deps, record} = fakeDeps({nextPid: 5100});
	const results = await upTunnels(deps, [a, b, c], options([a, b, c]), 4);
	assert.deepEqual(kinds(results), ['started 5100', 'started 5100', 'started 5100']);
	assert.equal(record.ssh.length, 1);
	assert.deepEqual(record.forwardConnections, [sharedPath]);
	assert.deepEqual((await observeTunnels(deps, [a, b, c])).tunnels.map(({status}) => status.kind), ['up', 'up', 'up']);
});

test('a port taken by another program is that tunnel\'s refusal, named with its holder; the others start', async () => {
	const {deps, world} = fakeDeps({nextPid: 5200});
	world.listeners.push(listener('127.0.0.1', 7002, [999]));
	world.processes.push({pid: 999, ppid: 1, uid: 1000, name: 'nc', argv: ['nc', '-l', '7002'], state: 'sleeping', startTicks: '1', startedAt: undefined, program: 'other'});
	const results = await upTunnels(deps, [a, b, c], options([a, b, c]), 4);
	assert.deepEqual(kinds(results), ['started 5200', 'port-taken', 'started 5200']);
	assert.deepEqual(results[1]!.kind === 'port-taken' ? results[1]!.taken.map(({address, holder}) => [address, holder]) : [], [['127.0.0.1', {kind: 'process', pid: 999, command: 'nc -l 7002'}]]);
});

test('a forward the master refuses fails that tunnel alone, with the same failure as started alone; the master keeps the others', async () => {
	const {fake, deps} = refusingPort(7002, 5300);
	const results = await upTunnels(deps, [a, b, c], options([a, b, c]), 4);
	assert.deepEqual(kinds(results), ['started 5300', 'failed', 'started 5300']);
	assert.deepEqual(results[1], {kind: 'failed', failure: {kind: 'port-in-use', address: '127.0.0.1', port: 7002, line: 'the shared connection refused the local forward: Port forwarding failed'}, stderr: ''});
	assert.equal(fake.world.failures.get('b')?.failure.kind, 'port-in-use');
	assert.deepEqual((await observeTunnels(deps, [a, b, c])).tunnels.map(({status}) => status.kind), ['up', 'failed', 'up']);
});

test('the master failing to start is each tunnel\'s failure, recorded for each; nothing is left running', async () => {
	const {deps, world, record} = fakeDeps({nextPid: 5400, onStart: failingStart('ssh: connect to host example.com port 22: Connection refused\r\n')});
	const results = await upTunnels(deps, [a, b, c], options([a, b, c]), 4);
	assert.deepEqual(kinds(results), ['failed', 'failed', 'failed']);
	assert.equal(record.ssh.length, 1, 'one attempt for the three');
	assert.deepEqual([...world.failures.keys()].sort(), ['a', 'b', 'c']);
	assert.equal(world.processes.length, 0);
});

test('on a live master: the tunnel it carries is already up, the others are added to it', async () => {
	const {deps, record} = fakeDeps({nextPid: 5500});
	await upTunnels(deps, [b], options([a, b, c]), 4);
	const results = await upTunnels(deps, [a, b, c], options([a, b, c]), 4);
	assert.deepEqual(kinds(results), ['started 5500', 'already-up', 'started 5500']);
	assert.equal(record.ssh.length, 1);
});

// `up --all` (a command snapshot, batch): the master starts while the tunnels are checked.
const withSnapshot = async (deps: Parameters<typeof takeSnapshot>[0], targets: readonly TunnelTarget[]) => ({...options(targets), snapshot: await takeSnapshot(deps)});

test('every port of the group taken: the master started during the checks is ended, and its start is nobody\'s failure', async () => {
	const {deps, world, record} = fakeDeps({nextPid: 5600});
	world.listeners.push(listener('127.0.0.1', 7001, [999]), listener('127.0.0.1', 7002, [999]));
	const results = await upTunnels(deps, [a, b], await withSnapshot(deps, [a, b]), 4);
	assert.deepEqual(kinds(results), ['port-taken', 'port-taken']);
	assert.equal(record.ssh.filter(argv => !argv.includes('-O')).length, 1, 'started while the ports were checked');
	assert.deepEqual(record.ssh.slice(1).map(argv => argv.slice(argv.indexOf('-O'), argv.indexOf('-O') + 2)), [['-O', 'exit']], 'and ended: it carried nothing');
	assert.equal(world.processes.length, 0);
	assert.deepEqual(world.failures.size, 0);
});

test('the early master failing fails only the tunnels that were clear to start; a refused one keeps its own refusal and no failure record', async () => {
	const {deps, world} = fakeDeps({nextPid: 5700, onStart: failingStart('ssh: connect to host example.com port 22: Connection refused\r\n')});
	world.listeners.push(listener('127.0.0.1', 7001, [999]));
	const results = await upTunnels(deps, [a, b, c], await withSnapshot(deps, [a, b, c]), 4);
	assert.deepEqual(kinds(results), ['port-taken', 'failed', 'failed']);
	assert.deepEqual([...world.failures.keys()].sort(), ['b', 'c']);
});

test('a dead master\'s socket is removed before the early start; a person at a terminal is never asked for a group that is refused', async () => {
	const dead = fakeDeps({nextPid: 5800});
	dead.world.masters.set(sharedPath, {kind: 'refused'});
	dead.world.sockets.add(sharedPath);
	const results = await upTunnels(dead.deps, [a, b], await withSnapshot(dead.deps, [a, b]), 4);
	assert.deepEqual(kinds(results), ['started 5800', 'started 5800']);
	assert.deepEqual(dead.record.removedSockets, [sharedPath]);

	const asked = fakeDeps({nextPid: 5900});
	asked.world.listeners.push(listener('127.0.0.1', 7001, [999]), listener('127.0.0.1', 7002, [999]));
	const refused = await upTunnels(asked.deps, [a, b], {...await withSnapshot(asked.deps, [a, b]), prompt: {kind: 'terminal'}}, 1);
	assert.deepEqual(kinds(refused), ['port-taken', 'port-taken']);
	assert.deepEqual(asked.record.ssh, [], 'checked first: no ssh, no prompt');
});

test('a tunnel of the group whose start lock another up holds is busy; the others start', async () => {
	const {deps, world} = fakeDeps({nextPid: 6000});
	world.heldLocks.set('b', 777);
	const results = await upTunnels(deps, [a, b, c], options([a, b, c]), 4);
	assert.deepEqual(results.map(result => (result.kind === 'busy' ? `busy ${result.pid}` : result.kind)), ['started', 'busy 777', 'started']);
});

test('a forward the master says it opened but that never shows is that tunnel\'s unverified start, closed again; the others are started', async () => {
	const fake = fakeDeps({nextPid: 6100});
	const base = fake.deps.requestForwards;
	const asked: string[] = [];
	const deps = {
		...fake.deps,
		requestForwards: async <T>(socketPath: string, timeoutMs: number, use: Parameters<typeof base<T>>[2]) => base(socketPath, timeoutMs, async ask => use(async (request, entry) => {
			const port = entry.forward.listen.kind === 'tcp' ? entry.forward.listen.port : 0;
			asked.push(`${request} ${port}`);
			// ssh answers OK when any address of the forward could be bound: here none shows.
			return request === 'open' && port === 7002 ? {kind: 'ok'} : ask(request, entry);
		})),
	};
	const results = await upTunnels(deps, [a, b, c], options([a, b, c]), 4);
	assert.deepEqual(kinds(results), ['started 6100', 'unverified', 'started 6100']);
	assert.deepEqual(asked, ['open 7001', 'open 7002', 'open 7003', 'close 7002']);
});

test('a tunnel of several forwards with one refused: the first refused is its failure, every one it opened is closed again, the others start', async () => {
	const wide = {...fakeTarget({name: 'w', share: true, local: [forward({bind: '127.0.0.1', port: 7101}), forward({bind: '127.0.0.1', port: 7102}), forward({bind: '127.0.0.1', port: 7103})]}), controlPath: sharedPath};
	const {fake, deps} = refusingPort(7102, 6200);
	const results = await upTunnels(deps, [a, wide], options([a, wide]), 4);
	assert.deepEqual(kinds(results), ['started 6200', 'failed']);
	assert.equal(results[1]!.kind === 'failed' && results[1]!.failure.kind === 'port-in-use' ? results[1]!.failure.port : 0, 7102);
	const held = fake.world.listeners.filter(listener => listener.kind === 'tcp' && listener.pids.includes(6200)).map(listener => listener.kind === 'tcp' ? listener.port : 0);
	assert.deepEqual([...new Set(held)], [7001], 'only a\'s forward stays');
});

/** Fake effects whose master refuses to open a forward on `port`, as ssh's mux does ("Port forwarding failed"). */
function refusingPort(port: number, nextPid: number) {
	const fake = fakeDeps({nextPid});
	const base = fake.deps.requestForwards;
	const deps = {
		...fake.deps,
		requestForwards: async <T>(socketPath: string, timeoutMs: number, use: Parameters<typeof base<T>>[2]) => base(socketPath, timeoutMs, async ask => use(async (request, entry) => (
			request === 'open' && entry.forward.listen.kind === 'tcp' && entry.forward.listen.port === port ? {kind: 'failure', reason: 'Port forwarding failed'} : ask(request, entry)))),
	};
	return {fake, deps};
}
