import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {CheckCause, CheckStep, CheckSubject} from '../../src/core/check-step.js';
import {checkHint} from '../../src/present/check-hint.js';
import {checkDetail, checkLabel, checkStepText, describeCheckStep} from '../../src/present/check.js';

test('labels: what each step looked at', () => {
	const cases: Array<[CheckSubject, string]> = [
		[{kind: 'destination', host: 'dbhost'}, 'destination dbhost (ssh -G)'],
		[{kind: 'process'}, 'process'],
		[{kind: 'control-socket', path: '/run/t/db'}, 'control socket /run/t/db'],
		[{kind: 'listener', addresses: ['127.0.0.1', '::1'], port: 9906}, 'listener 127.0.0.1:9906 / [::1]:9906'],
		[{kind: 'target', host: '10.1.0.2', port: 3306, from: 'server'}, 'target 10.1.0.2:3306 (from the server)'],
		[{kind: 'target', host: 'fe80::2', port: 80, from: 'here'}, 'target [fe80::2]:80 (from here)'],
		[{kind: 'server-port', host: '127.0.0.1', port: 7000}, 'server port 127.0.0.1:7000'],
		[{kind: 'server-binding', bind: '0.0.0.0', port: 7000}, 'server binding of 0.0.0.0:7000'],
	];
	for (const [subject, label] of cases) {
		assert.equal(checkLabel(subject), label);
	}
});

test('details and hints: why each step came out as it did, and what to do where the check knows', () => {
	const cases: Array<[CheckCause, string, string?]> = [
		[{kind: 'config-unreadable', stderr: '  line 3: Bad configuration option: foo\n', exitCode: 255}, 'line 3: Bad configuration option: foo', 'fix the ssh config file it names'],
		[{kind: 'config-unreadable', stderr: '\n', exitCode: 255}, 'ssh -G exited with status 255', 'fix the ssh config file it names'],
		[{kind: 'destination', destination: 'root@10.1.0.2:22'}, 'root@10.1.0.2:22'],
		[{kind: 'config-adds-forwards', destination: 'root@10.1.0.2:22', forwards: ['LocalForward 1 [x]:2', 'DynamicForward 1080']}, 'root@10.1.0.2:22; your ssh config adds LocalForward 1 [x]:2, DynamicForward 1080 for this host, which run in the tunnel too', 'move them into the profile, or use a host alias without them'],
		[{kind: 'config-tunnel', destination: 'root@10.1.0.2:22', file: '/home/a/.ssh/config', line: 12}, 'root@10.1.0.2:22; forwards from /home/a/.ssh/config:12'],
		[{kind: 'no-process', name: 'db'}, 'no ssh process runs for this tunnel', 'run: tunnels up db'],
		[{kind: 'several-processes', name: 'db', pids: [1, 2]}, '2 ssh processes run for this tunnel (pids 1, 2)', 'run: tunnels down db'],
		[{kind: 'process-stopped', pid: 7}, 'pid 7 is stopped (SIGSTOP)', 'run: kill -CONT 7'],
		[{kind: 'process-runs', pid: 7, state: 'sleeping'}, 'pid 7, sleeping'],
		[{kind: 'master-answers', pid: 7}, 'master pid 7 answers'],
		[{kind: 'master-not-ours', pid: 8}, 'answered with pid 8, which is not this tunnel\'s ssh', 'something else listens on the control socket: stop it, then tunnels down'],
		[{kind: 'socket-refused'}, 'connection refused: the master is gone, the socket file is stale'],
		[{kind: 'master-silent', withinMs: 1000}, 'no answer within 1000 ms (master stopped or hung)'],
		[{kind: 'socket-missing'}, 'no socket file: the process cannot be managed through it'],
		[{kind: 'not-a-master', detail: 'mux protocol version 3, expected 4'}, 'not an ssh master: mux protocol version 3, expected 4'],
		[{kind: 'bound', addresses: ['127.0.0.1', '::1'], pids: [7, 9]}, 'bound on 127.0.0.1, ::1 by pid 7, 9'],
		[{kind: 'held-by', holder: {kind: 'tunnel', name: 'other', pid: 5}, holdsOnly: []}, 'held by tunnel \'other\' (pid 5), not by this tunnel'],
		[{kind: 'not-bound', holdsOnly: ['::1']}, 'not bound (this tunnel holds only ::1)'],
		[{kind: 'needs-master'}, 'needs a master that answers'],
		[{kind: 'target-answers'}, 'answers'],
		[{kind: 'server-accepts'}, 'accepts connections on the server'],
		[{kind: 'no-answer', host: '::1', port: 80, withinMs: 5000}, 'no answer within 5 s: the server (or [::1]:80) does not respond'],
		[{kind: 'target-refused', said: 'stdio forwarding failed'}, 'the server could not connect to it: the target refuses, or the server does not allow forwarding', 'ssh said: stdio forwarding failed'],
		[{kind: 'ssh-failed', failure: {kind: 'auth-failed', line: 'x'}}, 'authentication failed'],
		[{kind: 'ssh-said', line: 'Connection closed'}, 'Connection closed'],
		[{kind: 'binding', binding: {kind: 'beyond-loopback', address: '10.0.0.5'}, port: 7000}, 'the server listens on 10.0.0.5:7000: reachable beyond its loopback'],
		[{kind: 'binding', binding: {kind: 'loopback-only', address: '10.0.0.5'}, port: 7000}, 'the server bound it on loopback only (10.0.0.5:7000 refuses): its sshd does not allow GatewayPorts', 'set GatewayPorts clientspecified (or yes) in the server\'s sshd_config, or bind the forward to loopback'],
		[{kind: 'answers-here'}, 'answers here, where the server sends its connections'],
		[{kind: 'not-open-here', result: 'refused'}, 'refused here, where the server sends its connections'],
		[{kind: 'cannot-connect', code: 'EHOSTUNREACH'}, 'cannot connect: EHOSTUNREACH'],
	];
	for (const [cause, detail, hint] of cases) {
		assert.equal(checkDetail(cause), detail, cause.kind);
		assert.equal(checkHint({subject: {kind: 'process'}, result: {kind: 'fail', cause}}), hint, cause.kind);
	}
});

test('a step: its mark, label and detail; a hint only under a failure', () => {
	const failed: CheckStep = {subject: {kind: 'process'}, result: {kind: 'fail', cause: {kind: 'no-process', name: 'db'}}};
	const skipped: CheckStep = {subject: {kind: 'server-binding', bind: '0.0.0.0', port: 7000}, result: {kind: 'skip', cause: {kind: 'binding', binding: {kind: 'loopback-only', address: '10.0.0.5'}, port: 7000}}};
	assert.equal(describeCheckStep(failed), 'FAIL  process: no ssh process runs for this tunnel');
	assert.equal(checkStepText(failed), 'FAIL  process: no ssh process runs for this tunnel\n       hint: run: tunnels up db');
	assert.equal(checkHint(skipped), undefined);
	assert.equal(checkStepText({subject: {kind: 'process'}, result: {kind: 'pass', cause: {kind: 'process-runs', pid: 7, state: 'running'}}}), 'pass  process: pid 7, running');
});
