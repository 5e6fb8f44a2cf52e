// Golden: each expected text is how these pieces printed nested in up, down, kill, ls, watch and
// prune --json before the declared mappers (JSON.stringify of the internal value). Change only on purpose.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {TunnelForward} from '../../../src/profile/types.js';
import {boundForwardJson, forwardJson, killOutcomeJson, sshFailureJson, tunnelStatusJson} from '../../../src/present/json/shared.js';
import {dynamic, forward, socketForward} from '../../support/builders.js';
import {killOutcomes, sshFailures, statuses} from './inputs.js';

test('each kind of ssh failure', () => {
	for (const [failure, expected] of [
		[sshFailures[0]!, `{"kind":"port-in-use","address":"127.0.0.1","port":9906,"line":"bind [127.0.0.1]:9906: Address already in use"}`],
		[sshFailures[1]!, `{"kind":"remote-forward-refused","port":2222,"line":"Error: remote port forwarding failed for listen port 2222"}`],
		[sshFailures[2]!, `{"kind":"forwarding-prohibited","line":"channel 2: open failed: administratively prohibited: open failed"}`],
		[sshFailures[3]!, `{"kind":"connection-refused","line":"ssh: connect to host 10.1.0.2 port 22: Connection refused"}`],
		[sshFailures[4]!, `{"kind":"connect-timeout","line":"ssh: connect to host 10.1.0.2 port 22: Connection timed out"}`],
		[sshFailures[5]!, `{"kind":"unreachable","line":"ssh: connect to host 10.1.0.2 port 22: No route to host"}`],
		[sshFailures[6]!, `{"kind":"name-not-resolved","host":"nowhere","line":"ssh: Could not resolve hostname nowhere: Name or service not known"}`],
		[sshFailures[7]!, `{"kind":"auth-failed","line":"root@10.1.0.2: Permission denied (publickey)."}`],
		[sshFailures[8]!, `{"kind":"host-key-unknown","line":"Host key verification failed."}`],
		[sshFailures[9]!, `{"kind":"host-key-changed","line":"Host key verification failed."}`],
		[sshFailures[10]!, `{"kind":"control-path-too-long","line":"unix_listener: path \\"/run/user/1000/tunnels/x\\" too long for Unix domain socket"}`],
		[sshFailures[11]!, `{"kind":"timeout","seconds":15}`],
		[sshFailures[12]!, `{"kind":"other","exitCode":255,"line":"ssh exited with status 255 and said nothing"}`],
		[sshFailures[13]!, `{"kind":"socket-in-use","path":"/tmp/docker.sock","line":"unix_listener: cannot bind to path /tmp/docker.sock: Address already in use"}`],
		[sshFailures[14]!, `{"kind":"socket-bind-failed","path":"/tmp/x/docker.sock","reason":"No such file or directory","line":"unix_listener: cannot bind to path /tmp/x/docker.sock: No such file or directory"}`],
		[sshFailures[15]!, `{"kind":"remote-socket-refused","path":"/run/app.sock","line":"Error: remote port forwarding failed for listen path /run/app.sock"}`],
		[sshFailures[16]!, `{"kind":"jump-failed","said":"connect failed: Connection refused","line":"channel 0: open failed: connect failed: Connection refused"}`],
	] as const) {
		assert.equal(JSON.stringify(sshFailureJson(failure)), expected);
	}
});

test('each kind of tunnel status, each stale reason', () => {
	for (const [status, expected] of [
		[statuses[0]!, `{"kind":"down"}`],
		[statuses[1]!, `{"kind":"starting","pid":4242}`],
		[statuses[2]!, `{"kind":"up","pid":4242,"startedAt":"2026-11-24T22:40:01.456Z","forwards":[{"kind":"local","forward":{"port":9906,"host":"10.1.0.2","hostPort":3306},"bound":["127.0.0.1","::1"]},{"kind":"local","forward":{"bind":"127.0.0.1","port":8080,"host":"web","hostPort":80},"bound":[]},{"kind":"remote","forward":{"bind":"*","port":2222,"host":"localhost","hostPort":22},"bound":[]}]}`],
		[statuses[3]!, `{"kind":"up","pid":4243,"forwards":[]}`],
		[statuses[4]!, `{"kind":"failed","at":"2026-11-24T22:39:58.001Z","failure":{"kind":"auth-failed","line":"root@10.1.0.2: Permission denied (publickey)."}}`],
		[statuses[5]!, `{"kind":"stale","reason":"no-listener","pids":[4242],"forwards":[{"kind":"local","forward":{"port":9906,"host":"10.1.0.2","hostPort":3306},"bound":["127.0.0.1","::1"]},{"kind":"local","forward":{"bind":"127.0.0.1","port":8080,"host":"web","hostPort":80},"bound":[]},{"kind":"remote","forward":{"bind":"*","port":2222,"host":"localhost","hostPort":22},"bound":[]}]}`],
		[statuses[6]!, `{"kind":"stale","reason":"socket-refused","pids":[],"forwards":[]}`],
		[statuses[7]!, `{"kind":"stale","reason":"no-control-socket","pids":[4242],"forwards":[]}`],
		[statuses[8]!, `{"kind":"stale","reason":"master-unresponsive","pids":[4242],"forwards":[]}`],
		[statuses[9]!, `{"kind":"stale","reason":"unverified-master","pids":[4242,4243],"forwards":[]}`],
		[statuses[10]!, `{"kind":"stale","reason":"duplicate","pids":[4242,4243],"forwards":[{"kind":"local","forward":{"port":9906,"host":"10.1.0.2","hostPort":3306},"bound":["127.0.0.1","::1"]},{"kind":"local","forward":{"bind":"127.0.0.1","port":8080,"host":"web","hostPort":80},"bound":[]},{"kind":"remote","forward":{"bind":"*","port":2222,"host":"localhost","hostPort":22},"bound":[]}]}`],
	] as const) {
		assert.equal(JSON.stringify(tunnelStatusJson(status)), expected);
	}
});

test('each kill outcome', () => {
	for (const [outcome, expected] of [
		[killOutcomes[0]!, `{"kind":"stopped","by":"ssh -O exit"}`],
		[killOutcomes[1]!, `{"kind":"stopped","by":"SIGTERM"}`],
		[killOutcomes[2]!, `{"kind":"stopped","by":"SIGKILL"}`],
		[killOutcomes[3]!, `{"kind":"stopped","by":"already gone"}`],
		[killOutcomes[4]!, `{"kind":"refused","reason":"not-found"}`],
		[killOutcomes[5]!, `{"kind":"refused","reason":"zombie"}`],
		[killOutcomes[6]!, `{"kind":"refused","reason":"identity-changed"}`],
		[killOutcomes[7]!, `{"kind":"refused","reason":"other-user"}`],
		[killOutcomes[8]!, `{"kind":"refused","reason":"not-ssh"}`],
		[killOutcomes[9]!, `{"kind":"refused","reason":"not-a-tunnel"}`],
		[killOutcomes[10]!, `{"kind":"failed","reason":"not-permitted"}`],
		[killOutcomes[11]!, `{"kind":"failed","reason":"survived"}`],
	] as const) {
		assert.equal(JSON.stringify(killOutcomeJson(outcome)), expected);
	}
});

test('each kind of forward: TCP as it always printed, socket paths and SOCKS proxies by their own keys', () => {
	const cases: Array<[TunnelForward, string]> = [
		[{kind: 'local', forward: forward()}, '{"port":9906,"host":"10.1.0.2","hostPort":3306}'],
		[{kind: 'local', forward: forward({bind: '::1'})}, '{"bind":"::1","port":9906,"host":"10.1.0.2","hostPort":3306}'],
		[{kind: 'local', forward: socketForward('/tmp/docker.sock', '/var/run/docker.sock')}, '{"path":"/tmp/docker.sock","hostPath":"/var/run/docker.sock"}'],
		[{kind: 'local', forward: socketForward(2375, '/var/run/docker.sock')}, '{"port":2375,"hostPath":"/var/run/docker.sock"}'],
		[{kind: 'remote', forward: socketForward('/run/app.sock', {host: 'localhost', port: 8080})}, '{"path":"/run/app.sock","host":"localhost","hostPort":8080}'],
		[{kind: 'remote', forward: {listen: {kind: 'tcp', bind: '0.0.0.0', port: 1080}, target: {kind: 'socks'}}}, '{"bind":"0.0.0.0","port":1080,"socks":true}'],
		[{kind: 'dynamic', forward: dynamic()}, '{"port":1080,"socks":true}'],
		[{kind: 'dynamic', forward: dynamic('/tmp/socks.sock')}, '{"path":"/tmp/socks.sock","socks":true}'],
	];
	for (const [entry, expected] of cases) {
		assert.equal(JSON.stringify(forwardJson(entry)), expected);
	}

	assert.equal(JSON.stringify(boundForwardJson({kind: 'dynamic', forward: dynamic(), bound: ['127.0.0.1']})), '{"kind":"dynamic","forward":{"port":1080,"socks":true},"bound":["127.0.0.1"]}');
});
