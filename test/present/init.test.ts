import assert from 'node:assert/strict';
import {test} from 'node:test';
import {describeInitResult, initProblem} from '../../src/present/init.js';

test('describeInitResult: where the example went and what to do next', () => {
	assert.deepEqual(describeInitResult({kind: 'written', path: '/t/tunnels.yaml'}), [
		{level: 'info', text: 'wrote an example profile file to /t/tunnels.yaml'},
		{level: 'info', text: 'edit it, then: tunnels ls'},
	]);
});

test('initProblem: an existing file is named, with what to do instead', () => {
	assert.deepEqual(initProblem({kind: 'exists', path: '/t/tunnels.yaml'}), {message: '/t/tunnels.yaml already exists; nothing was written', hint: 'edit it, or add tunnels with `tunnels import -- ssh …`'});
	assert.deepEqual(describeInitResult({kind: 'exists', path: '/t/tunnels.yaml'}).map(line => line.level), ['error', 'detail']);
});
