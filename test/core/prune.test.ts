import assert from 'node:assert/strict';
import {test} from 'node:test';
import {executePrune, planPrune, strayEvidence, type PruneItem} from '../../src/core/prune.js';
import {viewSshProcess} from '../../src/ssh/process-view.js';
import {observeTunnels} from '../../src/core/observe.js';
import {takenWords} from '../../src/present/prune.js';
import {fakeDeps, fakeRuntime, fakeTarget, fakeUid, listener, masterProcess, runningTunnel, sshProcess, unixListener, type FakeWorld} from '../support/fake-deps.js';

const target = fakeTarget();
const ssh = {sshBinary: 'ssh', sshConfigFile: undefined};
const options = {targets: [target], ssh, includeForeign: false};
const oldStart = new Date(Date.UTC(2026, 10, 29, 11, 0, 0));

/** A plan item in one line: what, on what, why (and why not); the ports taken since as prune says them. */
function brief(item: PruneItem): string {
	switch (item.action) {
		case 'kill': {
			return `kill ${item.process.pid} ${item.subject.kind} ${item.why}${item.taken === undefined ? '' : ` (${takenWords(item.taken)})`}`;
		}

		case 'remove-socket': {
			return `remove ${item.path} ${item.subject.kind} ${item.why}`;
		}

		case 'skip': {
			return `skip ${item.process.pid} ${item.subject.kind} ${item.why} because ${item.because}`;
		}
	}
}

test('every status of a profile tunnel gives the right plan item', async () => {
	const socket = target.controlPath;
	const cases: Array<[string, (world: FakeWorld) => void, string[]]> = [
		['down: nothing', () => undefined, []],
		['up, its server answers: nothing', world => {
			runningTunnel(world, target, 4100);
		}, []],
		['up, its server does not answer through the master: kill', world => {
			runningTunnel(world, target, 4100);
			world.probes.set(socket, {kind: 'timeout'});
		}, ['kill 4100 profile unresponsive']],
		['up, the probe says nothing either way: nothing', world => {
			runningTunnel(world, target, 4100);
			world.probes.set(socket, {kind: 'inconclusive', detail: 'the master answered by itself'});
		}, []],
		['runs without its listener: kill', world => {
			world.processes.push(masterProcess(target, 4100));
			world.masters.set(socket, {kind: 'alive', pid: 4100});
		}, ['kill 4100 profile no-listener']],
		['socket left by a dead master, nothing runs: remove the socket', world => {
			world.sockets.add(socket);
			world.masters.set(socket, {kind: 'refused'});
		}, [`remove ${socket} profile socket-refused`]],
		['a master runs but its socket refuses: kill it and remove the socket', world => {
			world.processes.push(masterProcess(target, 4100));
			world.sockets.add(socket);
			world.masters.set(socket, {kind: 'refused'});
		}, ['kill 4100 profile socket-refused', `remove ${socket} profile socket-refused`]],
		['an old master without its socket: kill', world => {
			world.processes.push(masterProcess(target, 4100, {startedAt: oldStart}));
		}, ['kill 4100 profile no-control-socket']],
		['a master that does not answer on its socket: kill', world => {
			world.processes.push(masterProcess(target, 4100));
			world.masters.set(socket, {kind: 'timeout'});
		}, ['kill 4100 profile master-unresponsive']],
		['the socket answers for a process that is not this tunnel\'s ssh: skip', world => {
			world.processes.push(masterProcess(target, 4100));
			world.masters.set(socket, {kind: 'alive', pid: 1});
		}, ['skip 4100 profile unverified-master because socket-not-ours']],
	];
	for (const [what, setUp, expected] of cases) {
		const {deps, world} = fakeDeps();
		setUp(world);
		assert.deepEqual((await planPrune(deps, options)).map(item => brief(item)), expected, what);
	}
});

test('a duplicate keeps the master that owns the socket, whichever started first', async () => {
	for (const owner of [4100, 4101]) {
		const {deps, world} = fakeDeps();
		world.processes.push(masterProcess(target, 4100), masterProcess(target, 4101));
		world.masters.set(target.controlPath, {kind: 'alive', pid: owner});
		world.listeners.push(listener('127.0.0.1', 9906, [owner]));
		const other = owner === 4100 ? 4101 : 4100;
		assert.deepEqual((await planPrune(deps, options)).map(item => brief(item)), [`kill ${other} profile duplicate`], `owner ${owner}`);
	}
});

test('a tunnel that lost its port to another program is killed, and the program named and left alone', async () => {
	const {deps, world} = fakeDeps();
	world.processes.push(masterProcess(target, 4100), sshProcess(['nc', '-l', '9906'], 4300, {name: 'nc'}));
	world.masters.set(target.controlPath, {kind: 'alive', pid: 4100});
	world.listeners.push(listener('127.0.0.1', 9906, [4300]));
	assert.deepEqual((await planPrune(deps, options)).map(item => brief(item)), ['kill 4100 profile no-listener (port 9906 is now held by pid 4300 (nc -l 9906); it is left alone)']);
});

test('tunnels outside the profile: an orphan of ours is killed; a stale foreign one only with --include-foreign; a healthy one never', async () => {
	const setUp = (world: FakeWorld) => {
		world.processes.push(
			masterProcess(fakeTarget({name: 'deleted'}), 4200),
			sshProcess(['ssh', '-f', '-N', '-L', '7000:db:5432', 'root@10.1.0.9'], 4201),
			sshProcess(['ssh', '-f', '-N', '-L', '7001:db:5432', 'root@10.1.0.9'], 4202),
			sshProcess(['ssh', 'root@10.1.0.9'], 4203),
		);
		world.listeners.push(listener('127.0.0.1', 7001, [4202]));
	};
	const {deps, world} = fakeDeps();
	setUp(world);
	assert.deepEqual((await planPrune(deps, options)).map(item => brief(item)), ['kill 4200 orphan orphan', 'skip 4201 foreign no-listener because foreign']);
	const second = fakeDeps();
	setUp(second.world);
	assert.deepEqual((await planPrune(second.deps, {...options, includeForeign: true})).map(item => brief(item)), ['kill 4200 orphan orphan', 'kill 4201 foreign no-listener']);
});

test('a tunnel started by hand is judged by the addresses of its binds, as they resolve', () => {
	const binds = new Map([
		['vm', {kind: 'addresses', local: ['127.0.1.1'], elsewhere: []}],
		['gone', {kind: 'unresolved', code: 'EAI_AGAIN'}],
	] as const);
	const judge = (spec: string, address: string) => strayEvidence({view: viewSshProcess(['ssh', '-f', '-N', '-L', spec, 'h'])!, listeners: [listener(address, 7000, [4201])]}, binds);
	const cases: Array<[string, string, string | undefined]> = [
		['vm:7000:db:5432', '127.0.1.1', undefined],
		['vm:7000:db:5432', '127.0.0.1', 'no-listener'],
		['[0:0:0:0:0:0:0:1]:7000:db:5432', '::1', undefined],
		['127.0.0.1:7000:db:5432', '::1', 'no-listener'],
		// No bind: -g decides where, the port is enough.
		['7000:db:5432', '0.0.0.0', undefined],
		// A name that does not resolve now: what it holds on the port is what ssh bound for it.
		['gone:7000:db:5432', '10.0.0.5', undefined],
		['localhost:7001:db:5432', '127.0.0.1', 'no-listener'],
	];
	for (const [spec, address, expected] of cases) {
		assert.equal(judge(spec, address), expected, `${spec} holding ${address}`);
	}
});

test('a tunnel started by hand with SOCKS proxies or socket files: judged by its -D ports and its socket paths', () => {
	const judge = (args: readonly string[], held: ReturnType<typeof listener>) => strayEvidence({view: viewSshProcess(['ssh', '-f', '-N', ...args, 'h'])!, listeners: [held]}, new Map());
	const cases: Array<[readonly string[], ReturnType<typeof listener>, string | undefined]> = [
		[['-D', '1080'], listener('127.0.0.1', 1080, [4201]), undefined],
		[['-D', '1080'], listener('127.0.0.1', 1081, [4201]), 'no-listener'],
		[['-fND', '/tmp/s.sock'], unixListener('/tmp/s.sock', [4201]), undefined],
		[['-L', '/tmp/d.sock:/var/run/docker.sock'], unixListener('/tmp/other.sock', [4201]), 'no-listener'],
		// ssh reads `%%` in a path as `%`: the socket it bound is named with one.
		[['-L', '/tmp/a%%b.sock:/r.sock'], unixListener('/tmp/a%b.sock', [4201]), undefined],
		// -R forwards listen on the server: nothing here to judge by.
		[['-R', '/run/app.sock:localhost:80', '-R', '1080'], listener('127.0.0.1', 9, [4201]), undefined],
	];
	for (const [args, held, expected] of cases) {
		assert.equal(judge(args, held), expected, args.join(' '));
	}
});

test('dead socket files no tunnel uses are removed; live ones and those of known tunnels are not listed twice', async () => {
	const {deps, world} = fakeDeps();
	for (const name of ['gone', 'alive']) {
		world.sockets.add(`${fakeRuntime}/${name}`);
	}

	world.masters.set(`${fakeRuntime}/gone`, {kind: 'refused'});
	world.masters.set(`${fakeRuntime}/alive`, {kind: 'alive', pid: 1});
	assert.deepEqual((await planPrune(deps, options)).map(item => brief(item)), [`remove ${fakeRuntime}/gone orphan socket-refused`]);
});

test('carrying out a plan re-verifies each process, and keeps a socket that answers again', async () => {
	const {deps, world, record} = fakeDeps();
	world.processes.push(masterProcess(target, 4100, {startedAt: oldStart}));
	world.sockets.add(`${fakeRuntime}/gone`);
	world.masters.set(`${fakeRuntime}/gone`, {kind: 'refused'});
	const plan = await planPrune(deps, options);
	// Between plan and execution: the PID now runs another program, and a new master took the socket.
	world.processes = [masterProcess(target, 4100, {startedAt: oldStart, startTicks: '1'})];
	world.masters.set(`${fakeRuntime}/gone`, {kind: 'alive', pid: 4500});
	const outcomes = await executePrune(deps, plan, options);
	assert.deepEqual(outcomes.map(({result}) => result), [{kind: 'refused', reason: 'identity-changed'}, {kind: 'kept'}]);
	assert.deepEqual(record.terminated, []);
	assert.deepEqual(record.removedSockets, []);
});

test('an interactive session multiplexed on a tunnel\'s socket is no second master: prune leaves session and tunnel (issue 13, item 3)', async () => {
	const sessions: Array<readonly string[]> = [
		['ssh', '-o', 'ControlMaster=auto', '-o', `ControlPath=${target.controlPath}`, 'root@10.1.0.9', 'sleep', '600'],
		['ssh', '-o', 'ControlMaster=auto', '-S', target.controlPath, 'root@10.1.0.9'],
	];
	for (const session of sessions) {
		const {deps, world} = fakeDeps();
		runningTunnel(world, target, 4100);
		world.processes.push(sshProcess(session, 4101));
		assert.deepEqual((await planPrune(deps, options)).map(item => brief(item)), [], session.join(' '));
		assert.deepEqual((await observeTunnels(deps, [target])).tunnels[0]!.status.kind, 'up', session.join(' '));
	}
});

test('a master past the starting grace while its `up` still holds the start lock (at a passphrase or 2FA prompt) is starting, never stale (issue 13, item 2)', async () => {
	const {deps, world} = fakeDeps();
	world.processes.push(masterProcess(target, 4100, {startedAt: oldStart}));
	world.heldLocks.set(target.tunnel.name, 4099);
	assert.deepEqual((await planPrune(deps, options)).map(item => brief(item)), []);
	assert.deepEqual((await observeTunnels(deps, [target])).tunnels[0]!.status, {kind: 'starting', pid: 4100});
	world.heldLocks.delete(target.tunnel.name);
	assert.deepEqual((await planPrune(deps, options)).map(item => brief(item)), ['kill 4100 profile no-control-socket'], 'the start is over: stale');
});

test('--include-foreign never probes a foreign ControlPath ssh would expand (~, %, ${}), a relative one, or a socket not its user\'s (issue 13, item 5)', async () => {
	const cases: Array<[string, string, number | undefined, string[]]> = [
		['~ and %C', '~/.ssh/cm-%C', fakeUid, []],
		['%h in an absolute path', '/tmp/cm-%h', fakeUid, []],
		['${HOME}', '${HOME}/.ssh/cm', fakeUid, []],
		['relative to where prune runs', 'cm-db', fakeUid, []],
		['a socket another user planted at the path', '/tmp/cm-db', 1001, []],
		['no socket at the path', '/tmp/cm-db', undefined, []],
		['its own socket, its server silent: killed', '/tmp/cm-db', fakeUid, ['kill 4202 foreign unresponsive']],
	];
	for (const [what, controlPath, owner, expected] of cases) {
		const {deps, world} = fakeDeps();
		world.processes.push(sshProcess(['ssh', '-f', '-N', '-M', '-S', controlPath, '-L', '7001:db:5432', 'root@10.1.0.9'], 4202));
		world.listeners.push(listener('127.0.0.1', 7001, [4202]));
		world.probes.set(controlPath, {kind: 'timeout'});
		if (owner !== undefined) {
			world.socketOwners.set(controlPath, owner);
		}

		assert.deepEqual((await planPrune(deps, {...options, includeForeign: true})).map(item => brief(item)), expected, what);
	}
});
