import assert from 'node:assert/strict';
import {test} from 'node:test';
import {upTunnel, type UpResult} from '../../src/core/up.js';
import {dynamic, forward, socketForward} from '../support/builders.js';
import {countingListenerReads, failingStart, failingStartWithLog, fakeDeps, fakeTarget, managedArgv, listener, masterProcess, runningTunnel, sshProcess, unixListener, type FakeWorld} from '../support/fake-deps.js';

const target = fakeTarget();
const local = {kind: 'local', forward: target.tunnel.local[0]!} as const;
const options = {prompt: {kind: 'none'}, targets: [target], clearsStop: true} as const;
const spawned = managedArgv(target);

/** The outcome without the measured time. */
function shape(result: UpResult): unknown {
	return result.kind === 'started' ? {...result, elapsedMs: 0} : result;
}

test('a tunnel down starts with exactly the argv that print shows, and comes up verified', async () => {
	const {deps, world, record} = fakeDeps({nextPid: 4100});
	world.failures.set('mysql-b', {at: '2026-11-29T11:00:00.000Z', failure: {kind: 'timeout', seconds: 30}});
	world.stops.set('mysql-b', {at: '2026-11-29T11:00:00.000Z', by: 'down'});
	const result = await upTunnel(deps, target, options);
	assert.deepEqual(shape(result), {
		kind: 'started', pid: 4100, elapsedMs: 0, remoteBindings: [],
		forwards: [{kind: 'local', forward: local.forward, bound: ['127.0.0.1', '::1']}],
	});
	assert.deepEqual(record.ssh, [spawned]);
	assert.equal(world.failures.size, 0, 'a success forgets the last failure');
	assert.equal(world.stops.size, 0, 'a person\'s up forgets their stop');
});

test('a watcher\'s start does not undo a person\'s stop', async () => {
	const {deps, world} = fakeDeps();
	world.stops.set('mysql-b', {at: '2026-11-29T11:00:00.000Z', by: 'down'});
	await upTunnel(deps, target, {...options, clearsStop: false});
	assert.equal(world.stops.size, 1);
});

test('before starting: what is already there decides, and nothing is spawned', async () => {
	const cases: Array<[string, (world: FakeWorld) => void, unknown]> = [
		['up already', world => {
			runningTunnel(world, target, 4100);
		}, {kind: 'already-up', pid: 4100, forwards: [{kind: 'local', forward: local.forward, bound: ['127.0.0.1', '::1']}]}],
		['stale: runs without its listener', world => {
			world.processes.push(masterProcess(target, 4100));
			world.masters.set(target.controlPath, {kind: 'alive', pid: 4100});
		}, {kind: 'stale', status: {kind: 'stale', reason: 'no-listener', pids: [4100], forwards: [{kind: 'local', forward: local.forward, bound: []}]}}],
		['starting: a young master without its socket yet', world => {
			world.processes.push(masterProcess(target, 4100, {startedAt: new Date(Date.UTC(2026, 10, 29, 11, 59, 50))}));
		}, {kind: 'busy', pid: 4100}],
		['another up holds the start lock past the bound', world => {
			world.heldLocks.set('mysql-b', 4444);
		}, {kind: 'busy', pid: 4444}],
		['the port is taken by another program', world => {
			world.processes.push(sshProcess(['python3', '-m', 'http.server', '9906'], 4300, {name: 'python3'}));
			world.listeners.push(listener('127.0.0.1', 9906, [4300]));
		}, {kind: 'port-taken', taken: [{forward: local, address: '127.0.0.1', holder: {kind: 'process', pid: 4300, command: 'python3 -m http.server 9906'}}]}],
		['the port is taken by another tunnel of the profile', world => {
			runningTunnel(world, fakeTarget({name: 'mysql-copy'}), 4400);
		}, {kind: 'port-taken', taken: [
			{forward: local, address: '127.0.0.1', holder: {kind: 'tunnel', name: 'mysql-copy', pid: 4400}},
			{forward: local, address: '::1', holder: {kind: 'tunnel', name: 'mysql-copy', pid: 4400}},
		]}],
		['the port is held by a process we cannot see', world => {
			world.listeners.push(listener('0.0.0.0', 9906, []));
		}, {kind: 'port-taken', taken: [{forward: local, address: '0.0.0.0', holder: {kind: 'unknown'}}]}],
	];
	for (const [what, setUp, expected] of cases) {
		const copy = fakeTarget({name: 'mysql-copy'});
		const {deps, world, record} = fakeDeps();
		setUp(world);
		assert.deepEqual(await upTunnel(deps, target, {...options, targets: [target, copy]}), expected, what);
		assert.deepEqual(record.ssh, [], `${what}: nothing spawned`);
		assert.deepEqual(record.terminated, [], `${what}: nothing signalled`);
	}
});

test('a control socket left by a dead master is removed before the start, so the new master gets one', async () => {
	const {deps, world, record} = fakeDeps({nextPid: 4100});
	world.sockets.add(target.controlPath);
	world.masters.set(target.controlPath, {kind: 'refused'});
	assert.equal((await upTunnel(deps, target, options)).kind, 'started');
	assert.deepEqual(record.removedSockets, [target.controlPath]);
});

test('ssh failing is classified, recorded for ls, and leaves nothing behind', async () => {
	const {deps, world, record} = fakeDeps({onStart: failingStart('bind [127.0.0.1]:9906: Address already in use\nmux_client_forward: forwarding request failed: Port forwarding failed\n')});
	const result = await upTunnel(deps, target, options);
	const failure = {kind: 'port-in-use', address: '127.0.0.1', port: 9906, line: 'bind [127.0.0.1]:9906: Address already in use'};
	assert.deepEqual(result, {kind: 'failed', failure, stderr: 'bind [127.0.0.1]:9906: Address already in use\nmux_client_forward: forwarding request failed: Port forwarding failed\n'});
	assert.deepEqual(world.failures.get('mysql-b')?.failure, failure);
	assert.deepEqual(world.processes, []);
	assert.deepEqual(record.ssh, [spawned]);
});

test('with -E ssh says why in the tunnel\'s log, not on stderr: the failure is read from what this start wrote there', async () => {
	const said = 'root@127.0.0.1: Permission denied (publickey).\n';
	const {deps, world} = fakeDeps({onStart: failingStartWithLog(said)});
	// An earlier start's reason is in the log too: it must not be taken for this one's.
	world.logs.set('mysql-b', 'bind [127.0.0.1]:9906: Address already in use\n');
	const result = await upTunnel(deps, target, options);
	assert.deepEqual(result, {kind: 'failed', failure: {kind: 'auth-failed', line: 'root@127.0.0.1: Permission denied (publickey).'}, stderr: said});
	assert.match(world.logs.get('mysql-b')!, /^bind .*\n@tunnels \{"kind":"start","at":"[^"]+","pid":\d+\}\nroot@127\.0\.0\.1: Permission denied/);
});

test('ssh that says it started but holds no listener is stopped again: unverified', async () => {
	const {deps, world, record} = fakeDeps({
		nextPid: 4100,
		onStart(argv, world) {
			world.processes.push(sshProcess(argv, 4100));
			world.masters.set(target.controlPath, {kind: 'alive', pid: 4100});
			return {exitCode: 0, stdout: '', stderr: '', timedOut: false};
		},
	});
	const result = await upTunnel(deps, target, options);
	assert.equal(result.kind, 'unverified');
	assert.equal(result.kind === 'unverified' && result.status.kind === 'stale' && result.status.reason, 'no-listener');
	assert.deepEqual(world.processes, [], 'what it started was stopped');
	assert.equal(record.ssh.at(-1)?.includes('exit'), true, 'through its socket first');
	assert.ok(world.clockMs >= 3000, 'it waited the settle time for the listeners to show');
});

test('a start that times out says so with its bound', async () => {
	const {deps} = fakeDeps({onStart: () => ({exitCode: 255, stdout: '', stderr: '', timedOut: true})});
	assert.deepEqual(await upTunnel(deps, target, options), {kind: 'failed', failure: {kind: 'timeout', seconds: 30}, stderr: ''});
});

test('a socket file to listen on: someone listening there is a holder, a file or an unsafe directory a refusal; nothing spawned', async () => {
	const docker = fakeTarget({name: 'docker', local: [socketForward('/tmp/d/docker.sock', '/var/run/docker.sock')], dynamic: [dynamic('/tmp/d/socks.sock')]});
	const [dockerLocal] = docker.tunnel.local;
	const [socksListen] = docker.tunnel.dynamic;
	const cases: Array<[string, (world: FakeWorld) => void, UpResult]> = [
		['a process listens on the path', world => {
			world.processes.push({...sshProcess(['socat', 'UNIX-LISTEN:/tmp/d/docker.sock', '-'], 4300), name: 'socat'});
			world.listeners.push(unixListener('/tmp/d/docker.sock', [4300]));
		}, {kind: 'port-taken', taken: [{forward: {kind: 'local', forward: dockerLocal!}, address: '/tmp/d/docker.sock', holder: {kind: 'process', pid: 4300, command: 'socat UNIX-LISTEN:/tmp/d/docker.sock -'}}]}],
		['a regular file is there, and the directory of the other is missing', world => {
			world.socketFiles.set('/tmp/d/docker.sock', {parent: 'ok', entry: 'file'});
			world.socketFiles.set('/tmp/d/socks.sock', {parent: 'missing', entry: 'absent'});
		}, {kind: 'socket-file', refusals: [
			{forward: {kind: 'local', forward: dockerLocal!}, path: '/tmp/d/docker.sock', problem: {kind: 'in-the-way', entry: 'file'}},
			{forward: {kind: 'dynamic', forward: socksListen!}, path: '/tmp/d/socks.sock', problem: {kind: 'parent', state: 'missing'}},
		]}],
		['a directory others may write to', world => {
			world.socketFiles.set('/tmp/d/docker.sock', {parent: 'writable-by-others', entry: 'absent'});
		}, {kind: 'socket-file', refusals: [{forward: {kind: 'local', forward: dockerLocal!}, path: '/tmp/d/docker.sock', problem: {kind: 'parent', state: 'writable-by-others'}}]}],
	];
	for (const [what, setUp, expected] of cases) {
		const {deps, world, record} = fakeDeps();
		setUp(world);
		assert.deepEqual(await upTunnel(deps, docker, {...options, targets: [docker]}), expected, what);
		assert.deepEqual(record.ssh, [], `${what}: nothing spawned`);
	}
});

test('a stale socket file nobody listens on is left for ssh to replace (StreamLocalBindUnlink), and the tunnel comes up on it', async () => {
	const docker = fakeTarget({name: 'docker', local: [socketForward('/tmp/d/docker.sock', '/var/run/docker.sock')]});
	const {deps, world, record} = fakeDeps({nextPid: 4100});
	world.socketFiles.set('/tmp/d/docker.sock', {parent: 'ok', entry: 'socket'});
	const result = await upTunnel(deps, docker, {...options, targets: [docker]});
	assert.deepEqual(shape(result), {kind: 'started', pid: 4100, elapsedMs: 0, remoteBindings: [], forwards: [{kind: 'local', forward: docker.tunnel.local[0], bound: ['/tmp/d/docker.sock']}]});
	assert.ok(record.ssh[0]!.includes('StreamLocalBindUnlink=yes'), record.ssh[0]!.join(' '));
});

test('a bind written as a name is resolved once for the start, and the start verified at its addresses', async () => {
	const named = fakeTarget({name: 'named', local: [forward({bind: 'vm', port: 7001, host: 'db', hostPort: 5432})]});
	const {deps, world} = fakeDeps({nextPid: 4100});
	world.binds.set('vm', {kind: 'addresses', local: ['127.0.1.1'], elsewhere: []});
	const result = await upTunnel(deps, named, {...options, targets: [named]});
	assert.deepEqual(shape(result), {
		kind: 'started', pid: 4100, elapsedMs: 0, remoteBindings: [],
		forwards: [{kind: 'local', forward: named.tunnel.local[0], bound: ['127.0.1.1']}],
	});
	assert.deepEqual(world.lookedUp, ['vm']);
});

test('a name\'s port held by another program is named before anything is spawned', async () => {
	const named = fakeTarget({name: 'named', local: [forward({bind: 'vm', port: 7001, host: 'db', hostPort: 5432})]});
	const {deps, world, record} = fakeDeps();
	world.binds.set('vm', {kind: 'addresses', local: ['127.0.1.1'], elsewhere: []});
	world.processes.push({pid: 777, ppid: 1, uid: 1000, name: 'nc', argv: ['nc', '-l', '127.0.1.1', '7001'], startTicks: '1', startedAt: undefined, state: 'sleeping', program: 'as-named'});
	world.listeners.push(listener('127.0.1.1', 7001, [777]));
	const result = await upTunnel(deps, named, {...options, targets: [named]});
	assert.equal(result.kind, 'port-taken');
	assert.deepEqual(result.kind === 'port-taken' ? result.taken.map(({address, holder}) => [address, holder]) : [], [['127.0.1.1', {kind: 'process', pid: 777, command: 'nc -l 127.0.1.1 7001'}]]);
	assert.deepEqual(record.ssh, []);
});

test('up --all\'s snapshot is older than each tunnel\'s lock: a tunnel it shows nothing of is started; one that came up since is looked at afresh (issue 17)', async () => {
	const empty = {ssh: [], listeners: []};
	// Nothing then, nothing now: started from the snapshot, and checked on its own master only.
	const fresh = fakeDeps({nextPid: 4100});
	assert.equal((await upTunnel(fresh.deps, target, {...options, snapshot: empty})).kind, 'started');
	assert.deepEqual(fresh.record.ssh, [spawned]);

	// Another command brought it up after the snapshot: its socket answers, so the start looks again.
	const since = fakeDeps();
	runningTunnel(since.world, target, 4200);
	assert.deepEqual(shape(await upTunnel(since.deps, target, {...options, snapshot: empty})), {kind: 'already-up', pid: 4200, forwards: [{kind: 'local', forward: local.forward, bound: ['127.0.0.1', '::1']}]});
	assert.deepEqual(since.record.ssh, [], 'nothing spawned');
});

test('the check after a start reads only the master on the socket, not the process list (issue 17)', async () => {
	const {deps} = fakeDeps({nextPid: 4100});
	let listings = 0;
	const counted = {...deps, listSshProcesses: async () => {
		listings++;
		return deps.listSshProcesses();
	}};
	assert.equal((await upTunnel(counted, target, options)).kind, 'started');
	assert.equal(listings, 1, 'one process list, before the start');
});

test('ports the kernel lets bind are free: no listener is read before the start, only in the check after it (issue 17)', async () => {
	const probed: string[] = [];
	const fake = fakeDeps({nextPid: 4100});
	const {deps, reads} = countingListenerReads({...fake.deps, probeBind: async (address, port) => {
		probed.push(`${address}:${port}`);
		return fake.deps.probeBind(address, port);
	}});
	assert.equal((await upTunnel(deps, target, options)).kind, 'started');
	assert.deepEqual(probed, ['127.0.0.1:9906', '::1:9906'], 'each address localhost stands for');
	assert.equal(reads(), 1, 'one read: the check after the start');
});

test('a probe that is not `free` (taken, or a privileged port) is decided by reading who listens, as before', async () => {
	const fake = fakeDeps({nextPid: 4100});
	const {deps, reads} = countingListenerReads({...fake.deps, probeBind: async () => 'unknown' as const});
	assert.equal((await upTunnel(deps, target, options)).kind, 'started');
	assert.equal(reads(), 2, 'the look before, and the check after');
});
