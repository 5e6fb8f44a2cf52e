import assert from 'node:assert/strict';
import {test} from 'node:test';
import {observeTunnels} from '../../src/core/observe.js';
import {forward} from '../support/builders.js';
import {countingListenerReads, fakeDeps, fakeRuntime, fakeTarget, fakeUid, listener, masterProcess, runningTunnel, sshProcess} from '../support/fake-deps.js';

const mysql = fakeTarget();
const other = fakeTarget({name: 'pg', local: [forward({port: 6543, hostPort: 5432})]});

test('each tunnel gets its status from one look at the system', async () => {
	const {deps, world} = fakeDeps();
	runningTunnel(world, mysql, 4100);
	world.failures.set('pg', {at: '2026-11-29T11:00:00.000Z', failure: {kind: 'connection-refused', line: 'ssh: connect to host 10.1.0.2 port 22: Connection refused'}});
	const observation = await observeTunnels(deps, [mysql, other]);
	assert.deepEqual(observation.tunnels.map(({target, status}) => [target.tunnel.name, status.kind]), [['mysql-b', 'up'], ['pg', 'failed']]);
	assert.deepEqual(observation.strays, []);
});

test('only our own live ssh processes count: another user\'s and zombies are not tunnels of ours', async () => {
	const {deps, world} = fakeDeps();
	world.processes.push(masterProcess(mysql, 4100, {uid: fakeUid + 1}), masterProcess(other, 4101, {state: 'zombie'}));
	world.masters.set(mysql.controlPath, {kind: 'alive', pid: 4100});
	const observation = await observeTunnels(deps, [mysql, other]);
	assert.deepEqual(observation.tunnels.map(({status}) => status), [
		{kind: 'stale', reason: 'unverified-master', pids: [], forwards: []},
		{kind: 'down'},
	]);
	assert.deepEqual(observation.sshProcesses, []);
});

test('a tunnel process outside the profile is an orphan when its socket is in our directory, foreign otherwise', async () => {
	const {deps, world} = fakeDeps();
	const orphan = masterProcess(fakeTarget({name: 'deleted'}), 4200);
	const byHand = sshProcess(['ssh', '-f', '-N', '-L', '7000:db:5432', 'root@10.1.0.9'], 4201);
	const session = sshProcess(['ssh', 'root@10.1.0.9'], 4202);
	const client = sshProcess(['ssh', '-S', `${fakeRuntime}/mysql-b`, '-O', 'check', '--', 'root@10.1.0.2'], 4203);
	world.processes.push(orphan, byHand, session, client);
	world.listeners.push(listener('127.0.0.1', 7000, [4201]), listener('127.0.0.1', 8000, [999]));
	const observation = await observeTunnels(deps, [mysql]);
	assert.deepEqual(observation.strays.map(stray => [stray.origin, stray.process.pid, stray.listeners.map(listener => (listener.kind === 'tcp' ? listener.port : listener.path))]), [
		['orphan', 4200, []],
		['foreign', 4201, [7000]],
	]);
	assert.deepEqual(observation.tunnels.map(({status}) => status.kind), ['down']);
});

test('with no ssh process of ours running, a look reads nobody\'s listeners (issue 17)', async () => {
	const {deps, world} = fakeDeps();
	world.processes.push(masterProcess(mysql, 4100, {uid: fakeUid + 1}));
	world.listeners.push(listener('127.0.0.1', 9906, [4100]));
	const {deps: counted, reads} = countingListenerReads(deps);
	const observation = await observeTunnels(counted, [mysql]);
	assert.deepEqual(observation.tunnels.map(({status}) => status.kind), ['down']);
	assert.equal(reads(), 0);
	runningTunnel(world, other, 4200);
	assert.deepEqual((await observeTunnels(counted, [mysql, other])).tunnels.map(({status}) => status.kind), ['down', 'up']);
	assert.equal(reads(), 1, 'one of ours runs: read once');
});

test('listeners of other processes are never counted as a tunnel\'s own', async () => {
	const {deps, world} = fakeDeps();
	world.processes.push(masterProcess(mysql, 4100));
	world.masters.set(mysql.controlPath, {kind: 'alive', pid: 4100});
	world.listeners.push(listener('127.0.0.1', 9906, [777]));
	const [observed] = (await observeTunnels(deps, [mysql])).tunnels;
	assert.equal(observed?.status.kind, 'stale');
	assert.equal(observed?.status.kind === 'stale' && observed.status.reason, 'no-listener');
});

test('two masters for one tunnel: each holds its own listeners, shared ones counted once; the records read are the ones listed', async () => {
	const {deps, world} = fakeDeps();
	world.processes.push(masterProcess(mysql, 4100), masterProcess(mysql, 4101), masterProcess(other, 4102));
	world.masters.set(mysql.controlPath, {kind: 'alive', pid: 4101});
	world.listeners.push(listener('127.0.0.1', 9906, [4100, 4101]), listener('::1', 9906, [4101]), listener('127.0.0.1', 6543, [4102]));
	const [duplicate, pg] = (await observeTunnels(deps, [mysql, other])).tunnels;
	assert.equal(duplicate?.status.kind === 'stale' && duplicate.status.reason, 'duplicate');
	assert.deepEqual(duplicate?.status.kind === 'stale' && duplicate.status.pids, [4101, 4100]);
	assert.equal(pg?.status.kind, 'stale', 'its master does not answer: no socket in this world');
	const strays = (await observeTunnels(deps, [other])).strays;
	assert.deepEqual(strays.map(stray => [stray.process.pid, stray.listeners.map(each => (each.kind === 'tcp' ? `${each.address}:${each.port}` : each.path))]), [
		[4100, ['127.0.0.1:9906']],
		[4101, ['127.0.0.1:9906', '::1:9906']],
	]);
});

test('a control socket that the runtime directory\'s listing lacks is missing without a connect; one it holds is asked', async () => {
	const {deps, world} = fakeDeps();
	runningTunnel(world, mysql, 4100);
	const asked: string[] = [];
	const listed = {
		...deps,
		checkMaster: async (socketPath: string, timeoutMs: number) => {
			asked.push(socketPath);
			return deps.checkMaster(socketPath, timeoutMs);
		},
		runtime: {...deps.runtime, listEntries: async () => new Set(['mysql-b'])},
	};
	const observation = await observeTunnels(listed, [mysql, other]);
	assert.deepEqual(asked, [mysql.controlPath]);
	assert.deepEqual(observation.tunnels.map(({status}) => status.kind), ['up', 'down']);
	assert.equal(mysql.controlPath, `${fakeRuntime}/mysql-b`);
});

test('each bind name of the tunnels and the strays is looked up once per look, and a caller\'s lookups are used as they are', async () => {
	const {deps, world} = fakeDeps();
	const named = fakeTarget({name: 'named', local: [forward({bind: 'vm', port: 7001, host: 'db', hostPort: 5432}), forward({bind: '0:0:0:0:0:0:0:1', port: 7002, host: 'db', hostPort: 5432})]});
	const twin = fakeTarget({name: 'twin', local: [forward({bind: 'vm', port: 7003, host: 'db', hostPort: 5432})]});
	world.binds.set('vm', {kind: 'addresses', local: ['127.0.1.1'], elsewhere: []});
	runningTunnel(world, named, 4100);
	world.processes.push(sshProcess(['ssh', '-f', '-N', '-L', 'db-vm:7000:db:5432', 'root@10.1.0.9'], 4201));
	const observation = await observeTunnels(deps, [named, twin]);
	assert.deepEqual(world.lookedUp, ['vm', 'db-vm']);
	assert.deepEqual(observation.tunnels.map(({status}) => status.kind), ['up', 'down']);
	assert.deepEqual(observation.binds.get('db-vm'), {kind: 'unresolved', code: 'ENOTFOUND'});

	const again = await observeTunnels(deps, [named], {binds: observation.binds});
	assert.deepEqual(world.lookedUp, ['vm', 'db-vm'], 'nothing looked up again');
	assert.equal(again.tunnels[0]?.status.kind, 'up');
});

test('a profile of 5000 tunnels opens at most 64 control sockets and failure records at once: all at once ran out of file descriptors (EMFILE) at 100k (issue 13, item 17)', async () => {
	const {deps} = fakeDeps();
	let open = 0;
	let most = 0;
	const counted = <A extends unknown[], R>(run: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
		open++;
		most = Math.max(most, open);
		try {
			await new Promise(resolve => {
				setImmediate(resolve);
			});
			return await run(...args);
		} finally {
			open--;
		}
	};

	const targets = Array.from({length: 5000}, (_, index) => fakeTarget({name: `t${index}`, local: [forward({port: 10_000 + index})]}));
	const observation = await observeTunnels({...deps, checkMaster: counted(deps.checkMaster), runtime: {...deps.runtime, readFailure: counted(deps.runtime.readFailure)}}, targets);
	assert.equal(observation.tunnels.length, 5000);
	assert.ok(observation.tunnels.every(({status}) => status.kind === 'down'));
	assert.ok(most <= 2 * 64, `${most} open at once`);
});
