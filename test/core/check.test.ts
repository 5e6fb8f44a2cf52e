import assert from 'node:assert/strict';
import {test} from 'node:test';
import {checkTunnel} from '../../src/core/check.js';
import type {CheckStep} from '../../src/core/check-step.js';
import {checkStepText} from '../../src/present/check.js';
import {dynamic, socketForward} from '../support/builders.js';
import {fakeDeps, fakeTarget, runningTunnel, startMaster, type FakeWorld} from '../support/fake-deps.js';

/** ssh -G answers with the server's own address; any other ssh starts as the fake master does. */
function answersConfig(argv: readonly string[], world: FakeWorld) {
	return argv.includes('-G')
		? {exitCode: 0, stdout: 'user root\nhostname 10.1.0.2\nport 2222\n', stderr: '', timedOut: false}
		: startMaster(argv, world);
}

const lines = (steps: readonly CheckStep[]) => steps.map(step => checkStepText(step));

test('a SOCKS proxy: its listener, then a real handshake asking the server to connect to itself', async () => {
	const socks = fakeTarget({name: 'socks', local: [], dynamic: [dynamic(), dynamic('/tmp/s.sock')]});
	const {deps, world} = fakeDeps({onStart: answersConfig});
	runningTunnel(world, socks, 4242);
	world.socks.set('/tmp/s.sock', {kind: 'closed'});
	assert.deepEqual(lines(await checkTunnel(deps, socks, [socks])), [
		'pass  destination 10.1.0.2 (ssh -G): root@10.1.0.2:2222',
		'pass  process: pid 4242, sleeping',
		'pass  control socket /run/user/1000/tunnels/p/socks: master pid 4242 answers',
		'pass  listener 127.0.0.1:1080 / [::1]:1080: bound on 127.0.0.1, ::1 by pid 4242',
		'pass  listener /tmp/s.sock: bound on /tmp/s.sock by pid 4242',
		'pass  SOCKS proxy 127.0.0.1:1080 to 10.1.0.2:2222: the server connected there through the proxy (the ssh server itself)',
		'FAIL  SOCKS proxy /tmp/s.sock to 10.1.0.2:2222: the server could not connect to itself there: ssh closed the SOCKS connection without a reply\n'
			+ '       hint: give the tunnel `probe: host:port`, a target the server can reach, or check that its sshd allows forwarding',
	]);
});

test('a SOCKS proxy asks for the profile\'s probe; not bound or not SOCKS, it says so', async () => {
	const socks = fakeTarget({name: 'socks', local: [], dynamic: [dynamic(), dynamic(1081)], probe: {kind: 'tcp', host: 'intranet', port: 80}});
	const {deps, world} = fakeDeps({onStart: answersConfig});
	runningTunnel(world, socks, 4242);
	world.listeners = world.listeners.filter(listener => listener.kind !== 'tcp' || listener.port !== 1081);
	world.socks.set('127.0.0.1:1080', {kind: 'not-socks', received: '485454'});
	assert.deepEqual(lines(await checkTunnel(deps, socks, [socks])).slice(3), [
		'pass  listener 127.0.0.1:1080 / [::1]:1080: bound on 127.0.0.1, ::1 by pid 4242',
		'FAIL  listener 127.0.0.1:1081 / [::1]:1081: not bound',
		'FAIL  SOCKS proxy 127.0.0.1:1080 to intranet:80: what listens there does not speak SOCKS5 (it sent 0x485454)',
		'skip  SOCKS proxy 127.0.0.1:1081 to intranet:80: not bound',
	]);
});

test('socket forwards: the listener by path, a socket here tried, a socket on the server said to be out of reach', async () => {
	const docker = fakeTarget({name: 'docker', local: [socketForward('/tmp/docker.sock', '/var/run/docker.sock')], remote: [socketForward('/run/app.sock', '/tmp/app.sock')]});
	const {deps, world} = fakeDeps({onStart: answersConfig});
	runningTunnel(world, docker, 4242);
	assert.deepEqual(lines(await checkTunnel(deps, docker, [docker])).slice(3), [
		'pass  listener /tmp/docker.sock: bound on /tmp/docker.sock by pid 4242',
		'skip  target /var/run/docker.sock (on the server): not tested: ssh opens test channels to a host and port only',
		'skip  server socket /run/app.sock: not tested: ssh opens test channels to a host and port only',
		'FAIL  target /tmp/app.sock (here): refused here, where the server sends its connections',
	]);
});
