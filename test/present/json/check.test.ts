import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {CheckStep} from '../../../src/core/check-step.js';
import {checkJson} from '../../../src/present/json/check.js';

// `tunnels check --json` is a public shape: these are its exact bytes for each kind of step.
test('check --json: {name, steps: [{label, result: {kind, detail, hint?}}]}, a hint only where a failure has one', () => {
	const steps: CheckStep[] = [
		{subject: {kind: 'destination', host: 'dbhost'}, result: {kind: 'pass', cause: {kind: 'destination', destination: 'root@10.1.0.2:22'}}},
		{subject: {kind: 'process'}, result: {kind: 'fail', cause: {kind: 'process-stopped', pid: 4242}}},
		{subject: {kind: 'control-socket', path: '/run/t/db'}, result: {kind: 'fail', cause: {kind: 'socket-refused'}}},
		{subject: {kind: 'listener', addresses: ['127.0.0.1', '::1'], port: 9906}, result: {kind: 'fail', cause: {kind: 'held-by', holder: {kind: 'process', pid: 77, command: 'nc -l 9906'}, holdsOnly: ['::1']}}},
		{subject: {kind: 'target', host: '10.1.0.2', port: 3306, from: 'server'}, result: {kind: 'skip', cause: {kind: 'needs-master'}}},
		{subject: {kind: 'server-binding', bind: '0.0.0.0', port: 7000}, result: {kind: 'fail', cause: {kind: 'binding', binding: {kind: 'loopback-only', address: '10.0.0.5'}, port: 7000}}},
		{subject: {kind: 'target', host: '::1', port: 22, from: 'here'}, result: {kind: 'pass', cause: {kind: 'answers-here'}}},
	];
	assert.equal(JSON.stringify(checkJson('db', steps)), '{"name":"db","steps":['
		+ '{"label":"destination dbhost (ssh -G)","result":{"kind":"pass","detail":"root@10.1.0.2:22"}},'
		+ '{"label":"process","result":{"kind":"fail","detail":"pid 4242 is stopped (SIGSTOP)","hint":"run: kill -CONT 4242"}},'
		+ '{"label":"control socket /run/t/db","result":{"kind":"fail","detail":"connection refused: the master is gone, the socket file is stale"}},'
		+ '{"label":"listener 127.0.0.1:9906 / [::1]:9906","result":{"kind":"fail","detail":"held by pid 77 (nc -l 9906), not by this tunnel (this tunnel holds only ::1)"}},'
		+ '{"label":"target 10.1.0.2:3306 (from the server)","result":{"kind":"skip","detail":"needs a master that answers"}},'
		+ '{"label":"server binding of 0.0.0.0:7000","result":{"kind":"fail","detail":"the server bound it on loopback only (10.0.0.5:7000 refuses): its sshd does not allow GatewayPorts","hint":"set GatewayPorts clientspecified (or yes) in the server\'s sshd_config, or bind the forward to loopback"}},'
		+ '{"label":"target [::1]:22 (from here)","result":{"kind":"pass","detail":"answers here, where the server sends its connections"}}'
		+ ']}');
});
