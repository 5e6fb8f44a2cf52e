import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Listener} from '../../src/net/listeners.js';
import type {MasterCheck} from '../../src/mux/client.js';
import type {ProcessInfo} from '../../src/proc/types.js';
import {dynamic, forward, socketForward, tunnel} from '../support/builders.js';
import {deriveStatus, expectedAddresses, startingGraceMs, type FailureRecord, type TunnelFacts, type TunnelStatus} from '../../src/tunnel/status.js';

const now = new Date('2025-03-01T12:00:00.000Z');
const controlPath = '/run/user/1000/tunnels/mysql-b';
const ago = (ms: number): Date => new Date(now.getTime() - ms);


/** A live ssh master as listProcesses reports it: the argv `tunnels up` spawned. */
function ssh(pid: number, startedAt: Date | 'unknown' = ago(5 * 60_000)): ProcessInfo {
	return {
		pid, ppid: 1, uid: 1000, name: 'ssh',
		argv: ['ssh', '-f', '-N', '-o', 'ExitOnForwardFailure=yes', '-o', 'ControlMaster=yes', '-o', `ControlPath=${controlPath}`, '-o', 'ControlPersist=no', '-L', '9906:10.1.0.2:3306', '--', 'root@10.1.0.2'],
		startTicks: String(pid * 100), startedAt: startedAt === 'unknown' ? undefined : startedAt, state: 'sleeping', program: 'as-named',
	};
}

function listener(address: string, port: number, pids: readonly number[]): Listener {
	return {kind: 'tcp', address, port, family: address.includes(':') ? 6 : 4, inode: 40_000 + port, pids};
}

const alive = (pid: number): MasterCheck => ({kind: 'alive', pid});
const missing: MasterCheck = {kind: 'missing'};
const refused: MasterCheck = {kind: 'refused'};
const timeout: MasterCheck = {kind: 'timeout'};
const notAMaster: MasterCheck = {kind: 'not-a-master', detail: 'not the mux protocol (packet length 1298232436)'};

const lastFailure: FailureRecord = {
	at: '2025-03-01T11:59:40.000Z',
	failure: {kind: 'port-in-use', address: '127.0.0.1', port: 9906, line: 'bind [127.0.0.1]:9906: Address already in use'},
};

function facts(spec: Partial<TunnelFacts>): TunnelFacts {
	return {tunnel: tunnel(), controlPath, master: missing, processes: [], listeners: [], lastFailure: undefined, now, binds: new Map(), ...spec};
}

test('up: a verified master that holds every local forward', () => {
	const master = ssh(4242);
	const gateway = tunnel({name: 'mysql-c-via-b', gateway: true, local: [forward({host: '10.1.0.3'})]});
	const remoteOnly = tunnel({name: 'mysql-from-nat', host: '10.1.0.1', local: [], remote: [forward({port: 9908})]});
	const mixed = tunnel({local: [forward()], remote: [forward({port: 9908})]});
	const cases: Array<[string, TunnelFacts, TunnelStatus]> = [
		['default bind, IPv4 loopback only is enough',
			facts({master: alive(4242), processes: [master], listeners: [listener('127.0.0.1', 9906, [4242])]}),
			{kind: 'up', pid: 4242, startedAt: master.startedAt, forwards: [{kind: 'local', forward: forward(), bound: ['127.0.0.1']}]}],
		['default bind, both loopbacks',
			facts({master: alive(4242), processes: [master], listeners: [listener('127.0.0.1', 9906, [4242]), listener('::1', 9906, [4242])]}),
			{kind: 'up', pid: 4242, startedAt: master.startedAt, forwards: [{kind: 'local', forward: forward(), bound: ['127.0.0.1', '::1']}]}],
		['`localhost` binds both loopbacks',
			facts({tunnel: tunnel({local: [forward({bind: 'localhost'})]}), master: alive(4242), processes: [master], listeners: [listener('::1', 9906, [4242]), listener('127.0.0.1', 9906, [4242])]}),
			{kind: 'up', pid: 4242, startedAt: master.startedAt, forwards: [{kind: 'local', forward: forward({bind: 'localhost'}), bound: ['::1', '127.0.0.1']}]}],
		['an explicit bind address',
			facts({tunnel: tunnel({local: [forward({bind: '10.1.0.1'})]}), master: alive(4242), processes: [master], listeners: [listener('10.1.0.1', 9906, [4242])]}),
			{kind: 'up', pid: 4242, startedAt: master.startedAt, forwards: [{kind: 'local', forward: forward({bind: '10.1.0.1'}), bound: ['10.1.0.1']}]}],
		['gateway (-g) binds every address',
			facts({tunnel: gateway, master: alive(4242), processes: [master], listeners: [listener('0.0.0.0', 9906, [4242]), listener('::', 9906, [4242])]}),
			{kind: 'up', pid: 4242, startedAt: master.startedAt, forwards: [{kind: 'local', forward: forward({host: '10.1.0.3'}), bound: ['0.0.0.0', '::']}]}],
		['remote forwards need no local listener',
			facts({tunnel: remoteOnly, master: alive(4242), processes: [master]}),
			{kind: 'up', pid: 4242, startedAt: master.startedAt, forwards: [{kind: 'remote', forward: forward({port: 9908}), bound: []}]}],
		['local and remote: only the local one must be bound',
			facts({tunnel: mixed, master: alive(4242), processes: [master], listeners: [listener('127.0.0.1', 9906, [4242]), listener('127.0.0.1', 9908, [])]}),
			{kind: 'up', pid: 4242, startedAt: master.startedAt, forwards: [
				{kind: 'local', forward: forward(), bound: ['127.0.0.1']},
				{kind: 'remote', forward: forward({port: 9908}), bound: []},
			]}],
		['a start time that could not be read stays undefined',
			facts({master: alive(4242), processes: [ssh(4242, 'unknown')], listeners: [listener('127.0.0.1', 9906, [4242])]}),
			{kind: 'up', pid: 4242, startedAt: undefined, forwards: [{kind: 'local', forward: forward(), bound: ['127.0.0.1']}]}],
	];
	for (const [name, given, expected] of cases) {
		assert.deepEqual(deriveStatus(given), expected, name);
	}
});

test('stale no-listener: the master runs but does not hold what it asked for', () => {
	const master = ssh(4242);
	const twoLocal = tunnel({local: [forward(), forward({port: 9907, hostPort: 5432})]});
	const gateway = tunnel({gateway: true});
	const cases: Array<[string, TunnelFacts, TunnelStatus]> = [
		['nothing listens',
			facts({master: alive(4242), processes: [master]}),
			{kind: 'stale', reason: 'no-listener', pids: [4242], forwards: [{kind: 'local', forward: forward(), bound: []}]}],
		['the port is held by another process (ssh started without ExitOnForwardFailure)',
			facts({master: alive(4242), processes: [master], listeners: [listener('127.0.0.1', 9906, [777])]}),
			{kind: 'stale', reason: 'no-listener', pids: [4242], forwards: [{kind: 'local', forward: forward(), bound: []}]}],
		['the port is held, owner not visible',
			facts({master: alive(4242), processes: [master], listeners: [listener('127.0.0.1', 9906, [])]}),
			{kind: 'stale', reason: 'no-listener', pids: [4242], forwards: [{kind: 'local', forward: forward(), bound: []}]}],
		['our process listens on another port',
			facts({master: alive(4242), processes: [master], listeners: [listener('127.0.0.1', 9907, [4242])]}),
			{kind: 'stale', reason: 'no-listener', pids: [4242], forwards: [{kind: 'local', forward: forward(), bound: []}]}],
		['one of two forwards bound',
			facts({tunnel: twoLocal, master: alive(4242), processes: [master], listeners: [listener('127.0.0.1', 9906, [4242])]}),
			{kind: 'stale', reason: 'no-listener', pids: [4242], forwards: [
				{kind: 'local', forward: forward(), bound: ['127.0.0.1']},
				{kind: 'local', forward: forward({port: 9907, hostPort: 5432}), bound: []},
			]}],
		['a gateway tunnel bound on loopback only is not what it asked for',
			facts({tunnel: gateway, master: alive(4242), processes: [master], listeners: [listener('127.0.0.1', 9906, [4242])]}),
			{kind: 'stale', reason: 'no-listener', pids: [4242], forwards: [{kind: 'local', forward: forward(), bound: []}]}],
		['a default-bind tunnel on the wildcard address is not what it asked for',
			facts({master: alive(4242), processes: [master], listeners: [listener('0.0.0.0', 9906, [4242])]}),
			{kind: 'stale', reason: 'no-listener', pids: [4242], forwards: [{kind: 'local', forward: forward(), bound: []}]}],
	];
	for (const [name, given, expected] of cases) {
		assert.deepEqual(deriveStatus(given), expected, name);
	}
});

test('stale duplicate: two masters for one tunnel; the one that answers on the socket first, with the forwards it holds', () => {
	assert.deepEqual(
		deriveStatus(facts({master: alive(4300), processes: [ssh(4242), ssh(4300)], listeners: [listener('127.0.0.1', 9906, [4242])]})),
		{kind: 'stale', reason: 'duplicate', pids: [4300, 4242], forwards: [{kind: 'local', forward: forward(), bound: []}]},
	);
	assert.deepEqual(
		deriveStatus(facts({master: alive(4242), processes: [ssh(4242), ssh(4300)], listeners: [listener('127.0.0.1', 9906, [4242])]})),
		{kind: 'stale', reason: 'duplicate', pids: [4242, 4300], forwards: [{kind: 'local', forward: forward(), bound: ['127.0.0.1']}]},
	);
	assert.deepEqual(
		deriveStatus(facts({master: alive(4400), processes: [ssh(4242), ssh(4300), ssh(4400)], listeners: [listener('127.0.0.1', 9906, [4242]), listener('::1', 9906, [4400])]})),
		{kind: 'stale', reason: 'duplicate', pids: [4400, 4242, 4300], forwards: [{kind: 'local', forward: forward(), bound: ['::1']}]},
	);
});

test('stale unverified-master: the socket answers, but not as one of our processes', () => {
	const cases: Array<[string, TunnelFacts, TunnelStatus]> = [
		['a pid that is not among our processes',
			facts({master: alive(1), processes: [ssh(4242)], listeners: [listener('127.0.0.1', 9906, [4242])]}),
			{kind: 'stale', reason: 'unverified-master', pids: [4242], forwards: []}],
		['a pid, and no process of ours at all',
			facts({master: alive(4242)}),
			{kind: 'stale', reason: 'unverified-master', pids: [], forwards: []}],
		['not the mux protocol',
			facts({master: notAMaster, processes: [ssh(4242)], listeners: [listener('127.0.0.1', 9906, [4242])]}),
			{kind: 'stale', reason: 'unverified-master', pids: [4242], forwards: []}],
		['not the mux protocol, no process',
			facts({master: notAMaster}),
			{kind: 'stale', reason: 'unverified-master', pids: [], forwards: []}],
	];
	for (const [name, given, expected] of cases) {
		assert.deepEqual(deriveStatus(given), expected, name);
	}
});

test('stale socket-refused: the socket file outlived its master', () => {
	const cases: Array<[string, TunnelFacts, TunnelStatus]> = [
		['no process: killed with SIGKILL, socket left behind',
			facts({master: refused, lastFailure}),
			{kind: 'stale', reason: 'socket-refused', pids: [], forwards: [{kind: 'local', forward: forward(), bound: []}]}],
		['a process still runs, its socket no longer answers',
			facts({master: refused, processes: [ssh(4242)], listeners: [listener('127.0.0.1', 9906, [4242])]}),
			{kind: 'stale', reason: 'socket-refused', pids: [4242], forwards: [{kind: 'local', forward: forward(), bound: ['127.0.0.1']}]}],
	];
	for (const [name, given, expected] of cases) {
		assert.deepEqual(deriveStatus(given), expected, name);
	}
});

test('stale master-unresponsive: the socket does not answer in time (a stopped master)', () => {
	const stopped = {...ssh(4242), state: 'stopped' as const};
	assert.deepEqual(
		deriveStatus(facts({master: timeout, processes: [stopped], listeners: [listener('127.0.0.1', 9906, [4242])]})),
		{kind: 'stale', reason: 'master-unresponsive', pids: [4242], forwards: [{kind: 'local', forward: forward(), bound: ['127.0.0.1']}]},
	);
	assert.deepEqual(
		deriveStatus(facts({master: timeout})),
		{kind: 'stale', reason: 'master-unresponsive', pids: [], forwards: [{kind: 'local', forward: forward(), bound: []}]},
	);
});

test('no socket: starting while young, stale once past the grace period', () => {
	const cases: Array<[string, TunnelFacts, TunnelStatus]> = [
		['2 s old: still authenticating',
			facts({processes: [ssh(4242, ago(2000))]}),
			{kind: 'starting', pid: 4242}],
		['just under the grace period',
			facts({processes: [ssh(4242, ago(startingGraceMs - 1))]}),
			{kind: 'starting', pid: 4242}],
		['a young process wins over an older failure record',
			facts({processes: [ssh(4242, ago(2000))], lastFailure}),
			{kind: 'starting', pid: 4242}],
		['exactly the grace period',
			facts({processes: [ssh(4242, ago(startingGraceMs))], listeners: [listener('127.0.0.1', 9906, [4242])]}),
			{kind: 'stale', reason: 'no-control-socket', pids: [4242], forwards: [{kind: 'local', forward: forward(), bound: ['127.0.0.1']}]}],
		['5 min old, no socket: nothing can manage it',
			facts({processes: [ssh(4242)]}),
			{kind: 'stale', reason: 'no-control-socket', pids: [4242], forwards: [{kind: 'local', forward: forward(), bound: []}]}],
		['unknown start time counts as old',
			facts({processes: [ssh(4242, 'unknown')]}),
			{kind: 'stale', reason: 'no-control-socket', pids: [4242], forwards: [{kind: 'local', forward: forward(), bound: []}]}],
		['two young processes are not one starting tunnel',
			facts({processes: [ssh(4242, ago(1000)), ssh(4300, ago(500))]}),
			{kind: 'stale', reason: 'no-control-socket', pids: [4242, 4300], forwards: [{kind: 'local', forward: forward(), bound: []}]}],
	];
	for (const [name, given, expected] of cases) {
		assert.deepEqual(deriveStatus(given), expected, name);
	}
});

test('nothing runs: failed with ssh\'s reason when the last start failed, else down', () => {
	assert.deepEqual(deriveStatus(facts({lastFailure})), {kind: 'failed', at: '2025-03-01T11:59:40.000Z', failure: lastFailure.failure});
	assert.deepEqual(deriveStatus(facts({})), {kind: 'down'});
	assert.deepEqual(deriveStatus(facts({listeners: [listener('127.0.0.1', 9906, [777])]})), {kind: 'down'});
});

test('expectedAddresses: where ssh binds a local forward', () => {
	const cases: Array<[string | undefined, boolean, readonly string[]]> = [
		[undefined, false, ['127.0.0.1', '::1']],
		[undefined, true, ['0.0.0.0', '::']],
		['localhost', false, ['127.0.0.1', '::1']],
		['localhost', true, ['127.0.0.1', '::1']],
		['*', false, ['0.0.0.0', '::']],
		['', false, ['0.0.0.0', '::']],
		['0.0.0.0', false, ['0.0.0.0']],
		['127.0.0.1', true, ['127.0.0.1']],
		['::1', false, ['::1']],
		['10.1.0.1', true, ['10.1.0.1']],
	];
	for (const [bind, gateway, expected] of cases) {
		assert.deepEqual(expectedAddresses({bind}, gateway), expected, `bind ${String(bind)} gateway ${gateway}`);
	}
});

function unixListener(path: string, pids: readonly number[]): Listener {
	return {kind: 'unix', path, inode: 50_000 + path.length, pids};
}

test('socket files and SOCKS proxies: up only when the master itself listens on each', () => {
	const master = ssh(4242);
	const docker = tunnel({name: 'docker', local: [socketForward('/tmp/docker.sock', '/var/run/docker.sock'), socketForward(2375, '/var/run/docker.sock')]});
	const socks = tunnel({name: 'socks', local: [], dynamic: [dynamic(), dynamic('/tmp/socks.sock')], remote: [{listen: {kind: 'tcp', bind: undefined, port: 1082}, target: {kind: 'socks'}}, socketForward('/run/app.sock', {host: 'localhost', port: 80})]});
	const dockerBound = [unixListener('/tmp/docker.sock', [4242]), listener('127.0.0.1', 2375, [4242])];
	const socksBound = [listener('127.0.0.1', 1080, [4242]), listener('::1', 1080, [4242]), unixListener('/tmp/socks.sock', [4242])];
	const cases: Array<[string, TunnelFacts, TunnelStatus]> = [
		['a socket file and a port to a remote socket, both held',
			facts({tunnel: docker, master: alive(4242), processes: [master], listeners: dockerBound}),
			{kind: 'up', pid: 4242, startedAt: master.startedAt, forwards: [
				{kind: 'local', forward: docker.local[0]!, bound: ['/tmp/docker.sock']},
				{kind: 'local', forward: docker.local[1]!, bound: ['127.0.0.1']},
			]}],
		['the socket file is held by someone else: not ours',
			facts({tunnel: docker, master: alive(4242), processes: [master], listeners: [unixListener('/tmp/docker.sock', [999]), listener('127.0.0.1', 2375, [4242])]}),
			{kind: 'stale', reason: 'no-listener', pids: [4242], forwards: [
				{kind: 'local', forward: docker.local[0]!, bound: []},
				{kind: 'local', forward: docker.local[1]!, bound: ['127.0.0.1']},
			]}],
		['our master listens on another path',
			facts({tunnel: docker, master: alive(4242), processes: [master], listeners: [unixListener('/tmp/docker2.sock', [4242]), listener('127.0.0.1', 2375, [4242])]}),
			{kind: 'stale', reason: 'no-listener', pids: [4242], forwards: [
				{kind: 'local', forward: docker.local[0]!, bound: []},
				{kind: 'local', forward: docker.local[1]!, bound: ['127.0.0.1']},
			]}],
		['SOCKS proxies here held; the reverse one and the remote socket are the server\'s',
			facts({tunnel: socks, master: alive(4242), processes: [master], listeners: socksBound}),
			{kind: 'up', pid: 4242, startedAt: master.startedAt, forwards: [
				{kind: 'remote', forward: socks.remote[0]!, bound: []},
				{kind: 'remote', forward: socks.remote[1]!, bound: []},
				{kind: 'dynamic', forward: dynamic(), bound: ['127.0.0.1', '::1']},
				{kind: 'dynamic', forward: dynamic('/tmp/socks.sock'), bound: ['/tmp/socks.sock']},
			]}],
		['a SOCKS port not bound',
			facts({tunnel: socks, master: alive(4242), processes: [master], listeners: socksBound.slice(2)}),
			{kind: 'stale', reason: 'no-listener', pids: [4242], forwards: [
				{kind: 'remote', forward: socks.remote[0]!, bound: []},
				{kind: 'remote', forward: socks.remote[1]!, bound: []},
				{kind: 'dynamic', forward: dynamic(), bound: []},
				{kind: 'dynamic', forward: dynamic('/tmp/socks.sock'), bound: ['/tmp/socks.sock']},
			]}],
		['-g widens a SOCKS proxy too: loopback is not what it asked for',
			facts({tunnel: {...socks, gateway: true}, master: alive(4242), processes: [master], listeners: socksBound}),
			{kind: 'stale', reason: 'no-listener', pids: [4242], forwards: [
				{kind: 'remote', forward: socks.remote[0]!, bound: []},
				{kind: 'remote', forward: socks.remote[1]!, bound: []},
				{kind: 'dynamic', forward: dynamic(), bound: []},
				{kind: 'dynamic', forward: dynamic('/tmp/socks.sock'), bound: ['/tmp/socks.sock']},
			]}],
	];
	for (const [name, given, expected] of cases) {
		assert.deepEqual(deriveStatus(given), expected, name);
	}
});

test('a bind written as a name or in another spelling is compared by the addresses ssh bound', () => {
	const master = ssh(4242);
	const binds = new Map([
		['vm', {kind: 'addresses', local: ['127.0.1.1'], elsewhere: []}],
		['twice', {kind: 'addresses', local: ['127.0.0.1', '127.0.0.3'], elsewhere: []}],
		['gone', {kind: 'unresolved', code: 'EAI_AGAIN'}],
	] as const);
	const named = (bind: string, listeners: Listener[]) => deriveStatus(facts({tunnel: tunnel({local: [forward({bind})]}), master: alive(4242), processes: [master], listeners, binds}));
	const cases: Array<[string, TunnelStatus, string, readonly string[]]> = [
		['a name, bound where it resolves', named('vm', [listener('127.0.1.1', 9906, [4242])]), 'up', ['127.0.1.1']],
		['a name, its port held elsewhere', named('vm', [listener('127.0.0.1', 9906, [4242])]), 'stale', []],
		['IPv6 spelled in full', named('0:0:0:0:0:0:0:1', [listener('::1', 9906, [4242])]), 'up', ['::1']],
		['a name of two IPv4 addresses, both bound', named('twice', [listener('127.0.0.1', 9906, [4242]), listener('127.0.0.3', 9906, [4242])]), 'up', ['127.0.0.1', '127.0.0.3']],
		['a name of two IPv4 addresses, one bound: clients of the other reach someone else', named('twice', [listener('127.0.0.3', 9906, [4242])]), 'stale', ['127.0.0.3']],
		['a name that no longer resolves, its port held by the process', named('gone', [listener('127.0.0.9', 9906, [4242])]), 'up', ['127.0.0.9']],
		['a name that no longer resolves, nothing held', named('gone', []), 'stale', []],
	];
	for (const [name, status, kind, bound] of cases) {
		assert.equal(status.kind, kind, name);
		assert.deepEqual(status.kind === 'up' || status.kind === 'stale' ? status.forwards[0]?.bound : undefined, bound, name);
	}
});
