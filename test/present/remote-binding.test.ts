import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {RemoteBinding} from '../../src/core/remote-binding.js';
import {describeRemoteBinding} from '../../src/present/remote-binding.js';

test('where the server bound a remote forward, and why that cannot be told', () => {
	const cases: Array<[RemoteBinding, string]> = [
		[{kind: 'beyond-loopback', address: '10.0.0.5'}, 'the server listens on 10.0.0.5:7000: reachable beyond its loopback'],
		[{kind: 'loopback-only', address: 'fe80::1'}, 'the server bound it on loopback only ([fe80::1]:7000 refuses): its sshd does not allow GatewayPorts'],
		[{kind: 'unknown', why: {kind: 'peer-not-visible'}}, 'which address the server bound is unknown: the connection to the server is not visible'],
		[{kind: 'unknown', why: {kind: 'peer-on-loopback', address: '127.0.0.1'}}, 'which address the server bound is unknown: the server is reached over its loopback (127.0.0.1)'],
		[{kind: 'unknown', why: {kind: 'no-answer', address: '10.0.0.5', port: 7000, withinMs: 5000}}, 'which address the server bound is unknown: no answer from 10.0.0.5:7000 within 5 s'],
	];
	for (const [binding, words] of cases) {
		assert.equal(describeRemoteBinding(binding, 7000), words);
	}
});
