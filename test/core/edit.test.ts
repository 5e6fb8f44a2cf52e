import assert from 'node:assert/strict';
import {test} from 'node:test';
import {editTunnel} from '../../src/core/edit.js';
import type {EditRequest} from '../../src/profile/edit-request.js';
import {fakeProfileFile} from '../support/profile-file.js';

const text = 'tunnels:\n  db:  # mine\n    host: 10.1.0.2\n    local: [9906:10.1.0.2:3306]\n';

test('editTunnel: what is written, what is said, and whether the ssh command changed', async () => {
	const cases: ReadonlyArray<readonly [EditRequest, string | undefined, boolean, unknown]> = [
		[{kind: 'set', key: 'port', value: '2222'}, 'tunnels:\n  db:  # mine\n    host: 10.1.0.2\n    local: [9906:10.1.0.2:3306]\n    port: 2222\n', true, {host: '10.1.0.2', local: ['9906:10.1.0.2:3306'], port: 2222}],
		[{kind: 'set', key: 'description', value: 'mine'}, 'tunnels:\n  db:  # mine\n    host: 10.1.0.2\n    local: [9906:10.1.0.2:3306]\n    description: mine\n', false, {host: '10.1.0.2', local: ['9906:10.1.0.2:3306'], description: 'mine'}],
		[{kind: 'tag', add: ['x'], remove: []}, 'tunnels:\n  db:  # mine\n    host: 10.1.0.2\n    local: [9906:10.1.0.2:3306]\n    tags: [x]\n', false, {host: '10.1.0.2', local: ['9906:10.1.0.2:3306'], tags: ['x']}],
		[{kind: 'forward-add', forward: 'local', spec: '9907:10.1.0.2:3307'}, 'tunnels:\n  db:  # mine\n    host: 10.1.0.2\n    local: [9906:10.1.0.2:3306, 9907:10.1.0.2:3307]\n', true, {host: '10.1.0.2', local: ['9906:10.1.0.2:3306', '9907:10.1.0.2:3307']}],
		[{kind: 'rename', to: 'mysql'}, 'tunnels:\n  mysql:  # mine\n    host: 10.1.0.2\n    local: [9906:10.1.0.2:3306]\n', false, {host: '10.1.0.2', local: ['9906:10.1.0.2:3306']}],
		[{kind: 'rm'}, 'tunnels:\n', false, undefined],
	];
	for (const [request, written, commandChanged, after] of cases) {
		const fake = fakeProfileFile({text});
		const result = await editTunnel(fake.deps, 'db', request);
		assert.equal(result.kind, 'edited', JSON.stringify(request));
		assert.deepEqual(fake.writes.map(write => write.text), [written], JSON.stringify(request));
		if (result.kind === 'edited') {
			assert.equal(result.commandChanged, commandChanged, JSON.stringify(request));
			assert.deepEqual(result.after, after, JSON.stringify(request));
			assert.deepEqual(result.before, {host: '10.1.0.2', local: ['9906:10.1.0.2:3306']});
		}
	}
});

test('editTunnel: a change that would not validate, or a refusal, writes nothing; a dry run writes nothing either', async () => {
	const fake = fakeProfileFile({text});
	const invalid = await editTunnel(fake.deps, 'db', {kind: 'set', key: 'port', value: '70000'});
	assert.equal(invalid.kind, 'invalid');
	assert.deepEqual(invalid.kind === 'invalid' ? invalid.issues.map(issue => [issue.line, issue.field, issue.message]) : [], [[5, 'port', 'must be 1-65535, got `70000`']]);
	const refused = await editTunnel(fake.deps, 'db', {kind: 'unset', key: 'port'});
	assert.deepEqual(refused, {kind: 'refused', file: '/home/me/.config/tunnels/tunnels.yaml', refusal: {kind: 'not-set', key: 'port'}});
	const dry = await editTunnel(fake.deps, 'db', {kind: 'set', key: 'port', value: '22'}, {dryRun: true});
	assert.equal(dry.kind, 'edited');
	assert.deepEqual(fake.writes, []);
});
