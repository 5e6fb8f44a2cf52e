import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {UpResult} from '../../../src/core/up.js';
import {upResultJson} from '../../../src/present/json/up.js';
import {forward} from '../../support/builders.js';

// `tunnels up --json` is a public shape: the result with its name first; why a server binding is unknown as words.
test('up --json: the name, then the result as it is; an unknown binding\'s why as the sentence it always was', () => {
	const remote = forward({bind: '0.0.0.0', port: 7000});
	const started: UpResult = {
		kind: 'started', pid: 4242, forwards: [{kind: 'remote', forward: remote, bound: []}], elapsedMs: 812.5,
		remoteBindings: [
			{forward: remote, binding: {kind: 'unknown', why: {kind: 'no-answer', address: '10.0.0.5', port: 7000, withinMs: 5000}}},
			{forward: remote, binding: {kind: 'unknown', why: {kind: 'peer-on-loopback', address: '::1'}}},
			{forward: remote, binding: {kind: 'beyond-loopback', address: '10.0.0.5'}},
		],
	};
	const fwd = '{"bind":"0.0.0.0","port":7000,"host":"10.1.0.2","hostPort":3306}';
	assert.equal(JSON.stringify(upResultJson('db', started)), `{"name":"db","kind":"started","pid":4242,"forwards":[{"kind":"remote","forward":${fwd},"bound":[]}],"elapsedMs":812.5,"remoteBindings":[`
		+ `{"forward":${fwd},"binding":{"kind":"unknown","why":"no answer from 10.0.0.5:7000 within 5 s"}},`
		+ `{"forward":${fwd},"binding":{"kind":"unknown","why":"the server is reached over its loopback (::1)"}},`
		+ `{"forward":${fwd},"binding":{"kind":"beyond-loopback","address":"10.0.0.5"}}]}`);
	assert.equal(JSON.stringify(upResultJson('db', {kind: 'busy', pid: 9})), '{"name":"db","kind":"busy","pid":9}');
});
