import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {ObservedTunnel, StrayTunnel} from '../../src/core/observe.js';
import {lsText} from '../../src/present/ls.js';
import {dynamic, forward, socketForward, tunnel} from '../support/builders.js';

const now = new Date('2025-03-01T12:00:00.000Z');
const ssh = {sshBinary: 'ssh', sshConfigFile: undefined};

test('ls: a row per forward under each tunnel, then the strays, an orphan as stale', () => {
	const tunnels: ObservedTunnel[] = [
		{target: {tunnel: tunnel({local: [forward(), forward({port: 9907})]}), controlPath: '/run/t/mysql-b', ssh}, status: {kind: 'stale', reason: 'duplicate', pids: [4242, 4300], forwards: []}},
		{target: {tunnel: tunnel({name: 'pg'}), controlPath: '/run/t/pg', ssh}, status: {kind: 'down'}},
	];
	const stray = (pid: number, origin: StrayTunnel['origin']): StrayTunnel => ({
		origin,
		process: {pid, ppid: 1, uid: 1000, name: 'ssh', argv: ['ssh'], startTicks: '1', startedAt: new Date(now.getTime() - 90_000), state: 'sleeping', program: 'as-named'},
		view: {forwards: [{flag: 'L', spec: '9910:a:1'}], controlPath: undefined, master: false, controlClient: false, destination: 'x@y'},
		listeners: [],
	});
	assert.equal(lsText({path: '/p/tunnels.yaml', missing: false, tunnels, strays: [stray(51, 'orphan'), stray(52, 'foreign')], now, home: '/home/a'}), [
		'NAME     STATE                         PID        UP  FORWARD                           VIA',
		'mysql-b  stale: more than one process  4242,4300      L 127.0.0.1:9906 → 10.1.0.2:3306  root@10.1.0.2',
		'                                                      L 127.0.0.1:9907 → 10.1.0.2:3306',
		'pg       down                                         L 127.0.0.1:9906 → 10.1.0.2:3306  root@10.1.0.2',
		'',
		'PID  STATE                   UP  FORWARD     DESTINATION',
		'51   stale: profile deleted  1m  L 9910:a:1  x@y',
		'52   outside the profile     1m  L 9910:a:1  x@y',
		'',
	].join('\n'));
});

test('ls: no profile file yet, or one without tunnels', () => {
	assert.equal(lsText({path: '/p/tunnels.yaml', missing: true, tunnels: [], strays: [], now, home: '/home/a'}),
		'No profile file yet at /p/tunnels.yaml.\nStart with the example: tunnels init\nor add a tunnel from an ssh command: tunnels import -- ssh -f -N -L 9906:10.1.0.2:3306 root@10.1.0.2\n');
	assert.equal(lsText({path: '/p/tunnels.yaml', missing: false, tunnels: [], strays: [], now, home: '/home/a'}), 'No tunnels in /p/tunnels.yaml.\n');
});

test('ls: every kind of forward with its letter, socket paths shortened, SOCKS proxies said', () => {
	const docker = tunnel({name: 'docker', local: [socketForward('/tmp/docker.sock', '/var/run/docker.sock'), socketForward(2375, '/home/someone/.local/share/containers/podman/machine/podman.sock')]});
	const socks = tunnel({name: 'socks', local: [], dynamic: [dynamic(), dynamic('/tmp/socks.sock')], remote: [{listen: {kind: 'tcp', bind: undefined, port: 1082}, target: {kind: 'socks'}}, socketForward('/run/app.sock', {host: 'localhost', port: 8080})]});
	const tunnels: ObservedTunnel[] = [
		{target: {tunnel: docker, controlPath: '/run/t/docker', ssh}, status: {kind: 'down'}},
		{target: {tunnel: socks, controlPath: '/run/t/socks', ssh}, status: {kind: 'up', pid: 4242, startedAt: new Date(now.getTime() - 60_000), forwards: [
			{kind: 'remote', forward: socks.remote[0]!, bound: []},
			{kind: 'remote', forward: socks.remote[1]!, bound: []},
			{kind: 'dynamic', forward: socks.dynamic[0]!, bound: ['127.0.0.1', '::1']},
			{kind: 'dynamic', forward: socks.dynamic[1]!, bound: ['/tmp/socks.sock']},
		]}},
	];
	assert.equal(lsText({path: '/p/tunnels.yaml', missing: false, tunnels, strays: [], now, home: '/home/a'}), [
		'NAME    STATE  PID   UP  FORWARD                                         VIA',
		'docker  down             L /tmp/docker.sock → /var/run/docker.sock       root@10.1.0.2',
		'                         L 127.0.0.1:2375 → /home/…/machine/podman.sock',
		'socks   up     4242  1m  R server:1082 (SOCKS)                           root@10.1.0.2',
		'                         R server:/run/app.sock → localhost:8080',
		'                         D 127.0.0.1:1080 (+[::1]) (SOCKS)',
		'                         D /tmp/socks.sock (SOCKS)',
		'',
	].join('\n'));
});

test('ls on a terminal fits its width: the state\'s reason is cut first, then VIA, UP and PID go; the forward stays whole', () => {
	const failure = {kind: 'auth-failed' as const, line: 'root@10.1.0.2: Permission denied (publickey,password,keyboard-interactive).'};
	const tunnels: ObservedTunnel[] = [
		{target: {tunnel: tunnel({name: 'db', host: 'a-long-bastion-host.example.internal'}), controlPath: '/run/t/db', ssh}, status: {kind: 'failed', at: now.toISOString(), failure}},
		{target: {tunnel: tunnel({name: 'pg', local: [forward({port: 15432, hostPort: 5432})]}), controlPath: '/run/t/pg', ssh}, status: {kind: 'up', pid: 4893, startedAt: now, forwards: []}},
	];
	const full = lsText({path: '/p.yaml', missing: false, tunnels, strays: [], now, home: '/home/a'});
	assert.ok(full.split('\n').some(line => line.length > 120), 'full width when no width is given (a pipe, --wide)');
	for (const width of [100, 80, 60, 50]) {
		const text = lsText({path: '/p.yaml', missing: false, tunnels, strays: [], now, home: '/home/a', width});
		for (const line of text.split('\n')) assert.ok([...line].length <= width, `${width}: ${JSON.stringify(line)}`);
		assert.match(text, /L 127\.0\.0\.1:9906 → 10\.1\.0\.2:3306/, `${width}: the forward whole`);
		assert.match(text, /L 127\.0\.0\.1:15432 → 10\.1\.0\.2:5432/, `${width}: the forward whole`);
		assert.match(text, /^db +failed/m, `${width}: the state's word stays`);
	}

	assert.match(lsText({path: '/p.yaml', missing: false, tunnels, strays: [], now, home: '/home/a', width: 120}), /VIA/, 'VIA stays while it fits');
});
