import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {describeFailure} from '../../src/present/failure.js';
import {classifySshFailure, type SshFailure} from '../../src/ssh/failure.js';
import {fixturesDirectory} from '../support/paths.js';

// Real stderr of OpenSSH 9.2 against a throwaway loopback sshd: fixtures/ssh-output/README.md says how each was made.
function captured(name: string): string {
	return readFileSync(path.join(fixturesDirectory, 'ssh-output', `${name}.txt`), 'utf8');
}

test('describes each failure in one sentence with what to do', () => {
	const line = 'ssh said so';
	const cases: Array<[SshFailure, boolean, {message: string; hint: string | undefined}]> = [
		[{kind: 'port-in-use', address: '127.0.0.1', port: 9906, line}, true, {message: 'local port 9906 on 127.0.0.1 is already in use', hint: 'stop what holds it, or give the forward another port'}],
		[{kind: 'port-in-use', address: '::', port: 9906, line}, false, {message: 'local port 9906 on :: is already in use', hint: 'stop what holds it, or give the forward another port'}],
		[{kind: 'remote-forward-refused', port: 9908, line}, true, {message: 'the server refused to listen on port 9908 (taken there, or remote forwarding is not allowed)', hint: 'a dropped session may still hold it: retry in a moment, or pick another port'}],
		[{kind: 'socket-in-use', path: '/tmp/d.sock', line}, true, {message: 'the socket /tmp/d.sock is already in use', hint: 'stop what listens on it, or give the forward another path'}],
		[{kind: 'socket-bind-failed', path: '/tmp/x/d.sock', reason: 'No such file or directory', line}, true, {message: 'cannot listen on /tmp/x/d.sock: No such file or directory', hint: 'check that its directory exists and is yours'}],
		[{kind: 'remote-socket-refused', path: '/run/app.sock', line}, true, {message: 'the server refused to listen on /run/app.sock (a file is there, or forwarding is not allowed)', hint: 'a socket left by an earlier session blocks it unless the server\'s sshd_config has StreamLocalBindUnlink yes: remove it on the server, or set that'}],
		[{kind: 'forwarding-prohibited', line}, true, {message: 'the server does not allow port forwarding (AllowTcpForwarding)', hint: 'ask for AllowTcpForwarding yes in the server\'s sshd_config'}],
		[{kind: 'jump-failed', said: 'connect failed: Connection refused', line}, true, {message: 'a jump host could not open the way to the next hop (connect failed: Connection refused)', hint: 'check that each jump host can reach the next one, and the last the tunnel\'s host and port'}],
		[{kind: 'jump-failed', said: 'administratively prohibited: open failed', line}, true, {message: 'a jump host could not open the way to the next hop (administratively prohibited: open failed)', hint: 'the jump host does not allow forwarding: ask for AllowTcpForwarding yes in its sshd_config'}],
		[{kind: 'connection-refused', line}, true, {message: 'the server refused the connection: no sshd listens there', hint: 'check host and port, and that sshd runs'}],
		[{kind: 'connect-timeout', line}, true, {message: 'the connection to the server timed out', hint: 'check the address, the network and any firewall'}],
		[{kind: 'unreachable', line}, true, {message: 'the server cannot be reached from here', hint: 'check the network and the address'}],
		[{kind: 'name-not-resolved', host: 'no-such-host.invalid', line}, true, {message: 'the host name no-such-host.invalid does not resolve', hint: 'check the name, or define it as a Host in ~/.ssh/config'}],
		[{kind: 'auth-failed', line}, true, {message: 'authentication failed', hint: 'without a terminal ssh cannot ask for a password or passphrase: load the key into ssh-agent, or run `tunnels up` from a terminal'}],
		[{kind: 'auth-failed', line}, false, {message: 'authentication failed', hint: 'check the user, the key (identityFile) and that it is authorized on the server'}],
		[{kind: 'host-key-unknown', line}, true, {message: 'the server\'s host key is not known', hint: 'connect once from a terminal (ssh HOST, or tunnels up in a terminal) to confirm the key'}],
		[{kind: 'host-key-unknown', line}, false, {message: 'the server\'s host key is not known', hint: 'confirm the key by connecting once with ssh'}],
		[{kind: 'host-key-changed', line}, true, {message: 'the server\'s host key CHANGED: possibly an attack, or a reinstalled server', hint: 'verify the new key out of band, then remove the old one with ssh-keygen -R HOST'}],
		[{kind: 'control-path-too-long', line}, true, {message: 'the control socket path is too long for ssh', hint: 'set TUNNELS_RUNTIME_DIR to a short directory'}],
		[{kind: 'timeout', seconds: 20}, true, {message: 'ssh did not finish within 20 s', hint: 'the server may be unresponsive; try `ssh -v` by hand'}],
		[{kind: 'command-line-too-long', scope: 'argument', bytes: 200_000, limitBytes: 131_071}, true, {message: 'the ssh command line has an argument of 200000 bytes; the system takes at most 131071 bytes in one argument', hint: 'shorten that value in the profile (a host, an option)'}],
		[{kind: 'command-line-too-long', scope: 'whole', bytes: 2_000_000, limitBytes: 1_048_576}, true, {message: 'the ssh command line would be 2000000 bytes; tunnels runs none longer than 1048576', hint: 'split the forwards over several tunnels'}],
		[{kind: 'other', exitCode: 255, line: 'Connection closed by 127.0.0.1 port 42713'}, true, {message: 'ssh failed (exit 255): Connection closed by 127.0.0.1 port 42713', hint: undefined}],
	];
	for (const [failure, batch, expected] of cases) {
		assert.deepEqual(describeFailure(failure, batch), expected, `${failure.kind} batch=${batch}`);
	}
});

test('real stderr reads as a sentence end to end', () => {
	const cases: Array<[string, string]> = [
		['port-in-use', 'local port 9906 on 127.0.0.1 is already in use'],
		['remote-forward-refused', 'the server refused to listen on port 9908 (taken there, or remote forwarding is not allowed)'],
		['name-not-resolved', 'the host name no-such-host.invalid does not resolve'],
		['jump-refused', 'a jump host could not open the way to the next hop (connect failed: Connection refused)'],
		['host-key-changed', 'the server\'s host key CHANGED: possibly an attack, or a reinstalled server'],
	];
	for (const [name, message] of cases) {
		assert.equal(describeFailure(classifySshFailure(captured(name), 255), true).message, message, name);
	}
});
