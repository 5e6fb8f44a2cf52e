import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Tunnel, TunnelForward} from '../../src/profile/types.js';
import {dynamic, forward, socketForward, tunnel} from '../support/builders.js';
import {describeBoundForward, describeForward, describeForwards, describeRoute, exposureWarnings, shortPath} from '../../src/present/forwards.js';
import type {BoundForward} from '../../src/tunnel/status.js';


test('describeForward: where it listens and where it leads', () => {
	const cases: Array<[TunnelForward, boolean, string]> = [
		[{kind: 'local', forward: forward()}, false, 'L 127.0.0.1:9906 → 10.1.0.2:3306'],
		[{kind: 'local', forward: forward()}, true, 'L *:9906 → 10.1.0.2:3306'],
		[{kind: 'local', forward: forward({bind: '10.1.0.1'})}, false, 'L 10.1.0.1:9906 → 10.1.0.2:3306'],
		[{kind: 'local', forward: forward({bind: '10.1.0.1'})}, true, 'L 10.1.0.1:9906 → 10.1.0.2:3306'],
		[{kind: 'local', forward: forward({bind: 'localhost'})}, true, 'L localhost:9906 → 10.1.0.2:3306'],
		[{kind: 'local', forward: forward({bind: '::1', host: 'fe80::2'})}, false, 'L [::1]:9906 → [fe80::2]:3306'],
		[{kind: 'local', forward: forward({bind: '*', host: 'db.internal', hostPort: 5432})}, false, 'L *:9906 → db.internal:5432'],
		[{kind: 'remote', forward: forward()}, false, 'R server:9906 → 10.1.0.2:3306'],
		[{kind: 'remote', forward: forward()}, true, 'R server:9906 → 10.1.0.2:3306'],
		[{kind: 'remote', forward: forward({bind: '0.0.0.0'})}, false, 'R 0.0.0.0:9906 → 10.1.0.2:3306'],
		// Socket paths on either end, SOCKS proxies here and on the server.
		[{kind: 'local', forward: socketForward('/tmp/docker.sock', '/var/run/docker.sock')}, false, 'L /tmp/docker.sock → /var/run/docker.sock'],
		[{kind: 'local', forward: socketForward(2375, '/var/run/docker.sock')}, true, 'L *:2375 → /var/run/docker.sock'],
		[{kind: 'local', forward: socketForward('/tmp/pg.sock', {host: 'db', port: 5432})}, false, 'L /tmp/pg.sock → db:5432'],
		[{kind: 'remote', forward: socketForward('/run/app.sock', {host: 'localhost', port: 8080})}, false, 'R server:/run/app.sock → localhost:8080'],
		[{kind: 'remote', forward: socketForward(8080, '/run/user/1000/app.sock')}, false, 'R server:8080 → /run/user/1000/app.sock'],
		[{kind: 'remote', forward: {listen: {kind: 'tcp', bind: undefined, port: 1080}, target: {kind: 'socks'}}}, false, 'R server:1080 (SOCKS)'],
		[{kind: 'remote', forward: {listen: {kind: 'tcp', bind: '0.0.0.0', port: 1080}, target: {kind: 'socks'}}}, false, 'R 0.0.0.0:1080 (SOCKS)'],
		[{kind: 'dynamic', forward: dynamic()}, false, 'D 127.0.0.1:1080 (SOCKS)'],
		[{kind: 'dynamic', forward: dynamic()}, true, 'D *:1080 (SOCKS)'],
		[{kind: 'dynamic', forward: dynamic(1080, '::1')}, false, 'D [::1]:1080 (SOCKS)'],
		[{kind: 'dynamic', forward: dynamic('/run/user/1000/socks.sock')}, false, 'D /run/user/1000/socks.sock (SOCKS)'],
		[{kind: 'local', forward: socketForward('/home/someone/.local/share/containers/podman/machine/podman.sock', '/run/podman/podman.sock')}, false, 'L /home/…/machine/podman.sock → /run/podman/podman.sock'],
	];
	for (const [given, gateway, expected] of cases) {
		assert.equal(describeForward(given, gateway), expected, expected);
	}
});

test('shortPath: a socket path short enough for a column, its file name always kept', () => {
	const cases: Array<[string, string]> = [
		['/var/run/docker.sock', '/var/run/docker.sock'],
		[`/tmp/${'a'.repeat(35)}`, `/tmp/${'a'.repeat(35)}`],
		['/home/someone/.local/share/containers/podman/machine/podman.sock', '/home/…/machine/podman.sock'],
		[`/run/${'d'.repeat(30)}/${'f'.repeat(30)}.sock`, `…/${'f'.repeat(30)}.sock`],
	];
	for (const [path, expected] of cases) {
		assert.equal(shortPath(path), expected, path);
	}
});

test('describeForwards: local forwards first, then remote, then dynamic; -g only widens local and dynamic ones', () => {
	assert.deepEqual(
		describeForwards(tunnel({gateway: true, local: [forward(), forward({port: 9907, host: '10.1.0.3'})], remote: [forward({port: 9908})], dynamic: [dynamic()]})),
		['L *:9906 → 10.1.0.2:3306', 'L *:9907 → 10.1.0.3:3306', 'R server:9908 → 10.1.0.2:3306', 'D *:1080 (SOCKS)'],
	);
	assert.deepEqual(describeForwards(tunnel({local: []})), []);
});

test('describeBoundForward: the addresses really bound, the first in full and the rest after it', () => {
	const cases: Array<[BoundForward, boolean, string]> = [
		[{kind: 'local', forward: forward(), bound: ['127.0.0.1']}, false, 'L 127.0.0.1:9906 → 10.1.0.2:3306'],
		[{kind: 'local', forward: forward(), bound: ['127.0.0.1', '::1']}, false, 'L 127.0.0.1:9906 (+[::1]) → 10.1.0.2:3306'],
		[{kind: 'local', forward: forward(), bound: ['::1']}, false, 'L [::1]:9906 → 10.1.0.2:3306'],
		[{kind: 'local', forward: forward(), bound: ['0.0.0.0', '::']}, true, 'L 0.0.0.0:9906 (+[::]) → 10.1.0.2:3306'],
		[{kind: 'local', forward: forward({bind: '10.1.0.1'}), bound: ['10.1.0.1', '10.1.0.9']}, false, 'L 10.1.0.1:9906 (+10.1.0.9) → 10.1.0.2:3306'],
		[{kind: 'local', forward: forward({host: 'fe80::2'}), bound: ['127.0.0.1', '::1', '::ffff:127.0.0.1']}, false, 'L 127.0.0.1:9906 (+[::1], [::ffff:127.0.0.1]) → [fe80::2]:3306'],
		// Nothing bound: where it should have listened.
		[{kind: 'local', forward: forward(), bound: []}, false, 'L 127.0.0.1:9906 → 10.1.0.2:3306'],
		[{kind: 'local', forward: forward(), bound: []}, true, 'L *:9906 → 10.1.0.2:3306'],
		[{kind: 'remote', forward: forward({port: 9908}), bound: []}, false, 'R server:9908 → 10.1.0.2:3306'],
		[{kind: 'remote', forward: forward({bind: '0.0.0.0', port: 9908}), bound: []}, false, 'R 0.0.0.0:9908 → 10.1.0.2:3306'],
		[{kind: 'local', forward: socketForward('/tmp/docker.sock', '/var/run/docker.sock'), bound: ['/tmp/docker.sock']}, false, 'L /tmp/docker.sock → /var/run/docker.sock'],
		[{kind: 'local', forward: socketForward('/tmp/docker.sock', '/var/run/docker.sock'), bound: []}, false, 'L /tmp/docker.sock → /var/run/docker.sock'],
		[{kind: 'dynamic', forward: dynamic(), bound: ['127.0.0.1', '::1']}, false, 'D 127.0.0.1:1080 (+[::1]) (SOCKS)'],
		[{kind: 'dynamic', forward: dynamic(), bound: []}, true, 'D *:1080 (SOCKS)'],
	];
	for (const [bound, gateway, expected] of cases) {
		assert.equal(describeBoundForward(bound, gateway), expected, expected);
	}
});

test('exposureWarnings: said for every forward that listens beyond loopback', () => {
	const cases: Array<[string, Tunnel, string[]]> = [
		['default bind', tunnel(), []],
		['localhost, ::1 and any 127/8 stay on loopback',
			tunnel({local: [forward({bind: 'localhost'}), forward({bind: '::1', port: 9907}), forward({bind: '127.0.0.2', port: 9908})]}), []],
		['localhost even with -g', tunnel({gateway: true, local: [forward({bind: 'localhost'})]}), []],
		['-g', tunnel({name: 'mysql-c-via-b', gateway: true, local: [forward({host: '10.1.0.3'})]}),
			['mysql-c-via-b listens on 0.0.0.0:9906 and [::]:9906: anyone who can reach this machine there can use it']],
		['*', tunnel({local: [forward({bind: '*'})]}),
			['mysql-b listens on 0.0.0.0:9906 and [::]:9906: anyone who can reach this machine there can use it']],
		['a LAN address, and a second forward on loopback', tunnel({local: [forward({bind: '10.1.0.1'}), forward({port: 9907})]}),
			['mysql-b listens on 10.1.0.1:9906: anyone who can reach this machine there can use it']],
		['an IPv6 wildcard', tunnel({local: [forward({bind: '::'})]}),
			['mysql-b listens on [::]:9906: anyone who can reach this machine there can use it']],
		['a remote forward without a bind: the server binds loopback', tunnel({local: [], remote: [forward()]}), []],
		['a remote forward on loopback', tunnel({local: [], remote: [forward({bind: 'localhost'}), forward({bind: '127.0.0.1', port: 9907})]}), []],
		['a remote forward on every address', tunnel({name: 'mysql-from-nat', local: [], remote: [forward({bind: '0.0.0.0'})]}),
			['mysql-from-nat asks the server to listen on 0.0.0.0:9906: if its sshd allows GatewayPorts, anyone who can reach the server there can use it; otherwise the server binds loopback only']],
		['a socket file is never beyond loopback', tunnel({gateway: true, local: [socketForward('/tmp/a.sock', '/b.sock')], remote: [socketForward('/run/a.sock', {host: 'localhost', port: 80})]}), []],
		['a SOCKS proxy on every address', tunnel({name: 'socks', local: [], dynamic: [dynamic(1080, '0.0.0.0')]}),
			['socks listens on 0.0.0.0:1080: anyone who can reach this machine there can use it as a SOCKS proxy']],
		['a SOCKS proxy with -g', tunnel({name: 'socks', gateway: true, local: [], dynamic: [dynamic()]}),
			['socks listens on 0.0.0.0:1080 and [::]:1080: anyone who can reach this machine there can use it as a SOCKS proxy']],
		['a reverse SOCKS proxy on every server address', tunnel({name: 'rsocks', local: [], remote: [{listen: {kind: 'tcp', bind: '*', port: 1080}, target: {kind: 'socks'}}]}),
			['rsocks asks the server to listen on *:1080: if its sshd allows GatewayPorts, anyone who can reach the server there can use it as a SOCKS proxy; otherwise the server binds loopback only']],
		['local and remote together, local first',
			tunnel({gateway: true, remote: [forward({bind: '*', port: 9908})]}),
			[
				'mysql-b listens on 0.0.0.0:9906 and [::]:9906: anyone who can reach this machine there can use it',
				'mysql-b asks the server to listen on *:9908: if its sshd allows GatewayPorts, anyone who can reach the server there can use it; otherwise the server binds loopback only',
			]],
	];
	for (const [name, given, expected] of cases) {
		assert.deepEqual(exposureWarnings(given), expected, name);
	}
});

test('exposureWarnings: loopback in any spelling stays quiet; a bind name is judged where it was bound', () => {
	const spelled = tunnel({local: [forward({bind: '0:0:0:0:0:0:0:1'}), forward({bind: '::ffff:127.0.0.1', port: 9907})]});
	assert.deepEqual(exposureWarnings(spelled), []);
	const named = tunnel({local: [forward({bind: 'vm'})]});
	const boundAt = (...addresses: string[]): BoundForward[] => [{kind: 'local', forward: named.local[0]!, bound: addresses}];
	assert.deepEqual(exposureWarnings(named, boundAt('127.0.1.1')), []);
	assert.deepEqual(exposureWarnings(named, boundAt('192.0.2.2')), ['mysql-b listens on 192.0.2.2:9906: anyone who can reach this machine there can use it']);
	// Not bound (not known where): said by what it asks for.
	assert.deepEqual(exposureWarnings(named), ['mysql-b listens on vm:9906: anyone who can reach this machine there can use it']);
});

test('describeRoute: destination, port and jump hosts', () => {
	const cases: Array<[Tunnel, string]> = [
		[tunnel(), 'root@10.1.0.2'],
		[tunnel({user: undefined, host: 'db-alias'}), 'db-alias'],
		[tunnel({port: 2222}), 'root@10.1.0.2:2222'],
		[tunnel({jump: ['bastion']}), 'bastion → root@10.1.0.2'],
		[tunnel({host: '10.1.0.3', port: 2222, jump: ['me@gate.example.com:2200', '10.1.0.2']}), 'me@gate.example.com:2200 → 10.1.0.2 → root@10.1.0.3:2222'],
	];
	for (const [given, expected] of cases) {
		assert.equal(describeRoute(given), expected, expected);
	}
});
