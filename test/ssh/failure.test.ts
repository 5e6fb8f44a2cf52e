import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {classifySshFailure, type SshFailure} from '../../src/ssh/failure.js';
import {fixturesDirectory} from '../support/paths.js';

// Real stderr of OpenSSH 9.2 against a throwaway loopback sshd: fixtures/ssh-output/README.md says how each was made.
function captured(name: string): string {
	return readFileSync(path.join(fixturesDirectory, 'ssh-output', `${name}.txt`), 'utf8');
}

const dir = '/tmp/tunnels-sshd-mvUV5j';

const capturedCases: Array<[string, SshFailure]> = [
	['port-in-use', {kind: 'port-in-use', address: '127.0.0.1', port: 9906, line: 'bind [127.0.0.1]:9906: Address already in use'}],
	['port-in-use-bind', {kind: 'port-in-use', address: '127.0.0.1', port: 9906, line: 'bind [127.0.0.1]:9906: Address already in use'}],
	['port-in-use-ipv6', {kind: 'port-in-use', address: '::1', port: 9906, line: 'bind [::1]:9906: Address already in use'}],
	['port-in-use-gateway', {kind: 'port-in-use', address: '::', port: 9906, line: 'bind [::]:9906: Address already in use'}],
	['remote-forward-refused', {kind: 'remote-forward-refused', port: 9908, line: 'Error: remote port forwarding failed for listen port 9908'}],
	// AllowTcpForwarding no: to the client a refused -R reads exactly like a taken server port.
	['forwarding-prohibited-remote', {kind: 'remote-forward-refused', port: 9908, line: 'Error: remote port forwarding failed for listen port 9908'}],
	['forwarding-prohibited', {kind: 'forwarding-prohibited', line: 'channel 0: open failed: administratively prohibited: open failed'}],
	// Through a jump host (-J testhost): its `ssh -W` child's words, then the master's own closing lines.
	['jump-refused', {kind: 'jump-failed', said: 'connect failed: Connection refused', line: 'channel 0: open failed: connect failed: Connection refused'}],
	['jump-prohibited', {kind: 'jump-failed', said: 'administratively prohibited: open failed', line: 'channel 0: open failed: administratively prohibited: open failed'}],
	['connection-refused', {kind: 'connection-refused', line: 'ssh: connect to host 127.0.0.1 port 33161: Connection refused'}],
	['name-not-resolved', {kind: 'name-not-resolved', host: 'no-such-host.invalid', line: 'ssh: Could not resolve hostname no-such-host.invalid: Name or service not known'}],
	['auth-failed', {kind: 'auth-failed', line: 'root@127.0.0.1: Permission denied (publickey).'}],
	['auth-failed-after-new-host-key', {kind: 'auth-failed', line: 'root@127.0.0.1: Permission denied (publickey).'}],
	['host-key-unknown', {kind: 'host-key-unknown', line: 'No ED25519 host key is known for [127.0.0.1]:42713 and you have requested strict checking.'}],
	['host-key-unknown-ask', {kind: 'host-key-unknown', line: 'Host key verification failed.'}],
	['host-key-changed', {kind: 'host-key-changed', line: 'Host key verification failed.'}],
	['socket-in-use', {kind: 'socket-in-use', path: '/tmp/tunnels-sshd-Se8oPa/l.sock', line: 'unix_listener: cannot bind to path /tmp/tunnels-sshd-Se8oPa/l.sock: Address already in use'}],
	['socket-bind-failed', {kind: 'socket-bind-failed', path: '/tmp/tunnels-sshd-Se8oPa/missing/l.sock', reason: 'No such file or directory', line: 'unix_listener: cannot bind to path /tmp/tunnels-sshd-Se8oPa/missing/l.sock: No such file or directory'}],
	['remote-socket-refused', {kind: 'remote-socket-refused', path: '/tmp/tunnels-sshd-Se8oPa/r.sock', line: 'Error: remote port forwarding failed for listen path /tmp/tunnels-sshd-Se8oPa/r.sock'}],
	['control-path-too-long', {kind: 'control-path-too-long', line: `unix_listener: path "${dir}/${'c'.repeat(95)}.IHWs76NBDatIojqx" too long for Unix domain socket`}],
];

test('fixtures are ssh\'s stderr byte for byte: \\r\\n after each message, a bare \\n inside a multi-line one', () => {
	const names = readdirSync(path.join(fixturesDirectory, 'ssh-output')).filter(name => name.endsWith('.txt'));
	// Every capture is classified below, and every case has its capture.
	assert.deepEqual(names.map(name => name.slice(0, -'.txt'.length)).sort(), capturedCases.map(([name]) => name).sort());
	for (const name of names) {
		assert.ok(readFileSync(path.join(fixturesDirectory, 'ssh-output', name), 'utf8').endsWith('\r\n'), name);
	}

	assert.ok(captured('host-key-changed').includes('sent by the remote host is\nSHA256:'));
});

test('classifies real ssh stderr by what went wrong', () => {
	for (const [name, expected] of capturedCases) {
		assert.deepEqual(classifySshFailure(captured(name), 255), expected, name);
	}
});

test('the control path in the fixture really was 120 characters, before ssh\'s 17-character suffix', () => {
	const line = classifySshFailure(captured('control-path-too-long'), 255);
	const socket = /path "([^"]+)"/.exec(line.kind === 'control-path-too-long' ? line.line : '')?.[1] ?? '';
	assert.equal(socket.length, 120 + 17);
});

// Lines that cannot be provoked on loopback, in the words of OpenSSH 9.2 sshconnect.c
// ("ssh: connect to host %s port %s: %s" with strerror).
test('classifies connect errors that need a real network, from ssh\'s own wording', () => {
	const cases: Array<[string, SshFailure]> = [
		['ssh: connect to host 10.1.0.2 port 22: Connection timed out\r\n', {kind: 'connect-timeout', line: 'ssh: connect to host 10.1.0.2 port 22: Connection timed out'}],
		['ssh: connect to host 10.1.0.2 port 22: Operation timed out\r\n', {kind: 'connect-timeout', line: 'ssh: connect to host 10.1.0.2 port 22: Operation timed out'}],
		['ssh: connect to host 10.1.0.2 port 22: No route to host\r\n', {kind: 'unreachable', line: 'ssh: connect to host 10.1.0.2 port 22: No route to host'}],
		['ssh: connect to host 10.1.0.2 port 22: Network is unreachable\r\n', {kind: 'unreachable', line: 'ssh: connect to host 10.1.0.2 port 22: Network is unreachable'}],
	];
	for (const [stderr, expected] of cases) {
		assert.deepEqual(classifySshFailure(stderr, 255), expected, stderr);
	}
});

test('anything else is `other`, with ssh\'s last line and its exit status', () => {
	assert.deepEqual(classifySshFailure('', 255), {kind: 'other', exitCode: 255, line: 'ssh exited with status 255 and said nothing'});
	assert.deepEqual(classifySshFailure('  \r\n\r\n', 1), {kind: 'other', exitCode: 1, line: 'ssh exited with status 1 and said nothing'});
	assert.deepEqual(
		classifySshFailure('Warning: Permanently added \'[127.0.0.1]:42713\' (ED25519) to the list of known hosts.\r\nConnection closed by 127.0.0.1 port 42713\r\n', 255),
		{kind: 'other', exitCode: 255, line: 'Connection closed by 127.0.0.1 port 42713'},
	);
});
