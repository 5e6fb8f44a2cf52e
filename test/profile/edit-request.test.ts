// Golden: fixtures/edit/before.yaml, a profile full of comments and odd layout, and for each command
// the file after it, byte for byte (regenerate with UPDATE_GOLDEN=1 and read the diff).
import assert from 'node:assert/strict';
import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {applyEdit, type EditRequest} from '../../src/profile/edit-request.js';
import {parseProfile} from '../../src/profile/parse.js';
import {testPaths} from '../support/builders.js';
import {fixturesDirectory} from '../support/paths.js';

const directory = path.join(fixturesDirectory, 'edit');
const before = readFileSync(path.join(directory, 'before.yaml'), 'utf8');
const names = ['db-main', 'web', 'socks'];

const cases: ReadonlyArray<readonly [string, string, EditRequest]> = [
	['set-port', 'db-main', {kind: 'set', key: 'port', value: '2222'}],
	['set-host-text', 'socks', {kind: 'set', key: 'host', value: '010'}],
	['set-in-place-keeps-comment', 'db-main', {kind: 'set', key: 'host', value: '10.1.0.9'}],
	['set-keepalive-interval', 'socks', {kind: 'set', key: 'keepAlive.interval', value: '15'}],
	['set-flow-entry', 'web', {kind: 'set', key: 'restart', value: 'always'}],
	['unset-restart', 'socks', {kind: 'unset', key: 'restart'}],
	['tag', 'db-main', {kind: 'tag', add: ['mysql'], remove: ['prod']}],
	['tag-first', 'socks', {kind: 'tag', add: ['proxy'], remove: []}],
	['untag-all', 'db-main', {kind: 'tag', add: [], remove: ['db', 'prod']}],
	['forward-add', 'db-main', {kind: 'forward-add', forward: 'local', spec: '9907:10.1.0.2:3307'}],
	['forward-add-new-kind', 'socks', {kind: 'forward-add', forward: 'remote', spec: '8022:localhost:22'}],
	['forward-rm-spec', 'socks', {kind: 'forward-rm', which: '1080'}],
	['forward-rm-index', 'socks', {kind: 'forward-rm', which: 'dynamic[1]'}],
	['rename', 'db-main', {kind: 'rename', to: 'mysql-b'}],
	['rename-flow-entry', 'web', {kind: 'rename', to: 'www'}],
	['copy', 'db-main', {kind: 'copy', to: 'db-main-copy'}],
	['copy-flow-entry', 'web', {kind: 'copy', to: 'web-copy'}],
	['rm-first', 'db-main', {kind: 'rm'}],
	['rm-middle', 'web', {kind: 'rm'}],
	['rm-last', 'socks', {kind: 'rm'}],
];

for (const [file, name, request] of cases) {
	test(`golden ${file}: ${request.kind} on ${name}`, () => {
		const applied = applyEdit(before, names, name, request);
		assert.equal(applied.kind, 'ok');
		const text = applied.kind === 'ok' ? applied.text : '';
		const expectedFile = path.join(directory, `${file}.yaml`);
		if (process.env['UPDATE_GOLDEN'] === '1') {
			writeFileSync(expectedFile, text);
		}

		assert.equal(text, readFileSync(expectedFile, 'utf8'));
		// Whatever the change, the result is a valid profile: the writer would refuse it otherwise.
		assert.equal(parseProfile(text, 'p.yaml', {isRoot: false, paths: testPaths}).kind, 'ok', text);
	});
}

test('bad requests are refused with what is wrong and the near word', () => {
	const refusal = (name: string, request: EditRequest) => {
		const applied = applyEdit(before, names, name, request);
		return applied.kind === 'refused' ? applied.refusal : undefined;
	};

	assert.deepEqual(refusal('web', {kind: 'copy', to: 'socks'}), {kind: 'name-taken', name: 'socks'});
	assert.deepEqual(refusal('web', {kind: 'copy', to: 'web'}), {kind: 'name-taken', name: 'web'});
	assert.deepEqual(refusal('web', {kind: 'copy', to: '-web'}), {kind: 'bad-name', name: '-web'});
	assert.deepEqual(refusal('db-mian', {kind: 'rm'}), {kind: 'no-such-tunnel', name: 'db-mian', suggestion: 'db-main', known: names});
	assert.deepEqual(refusal('socks', {kind: 'set', key: 'prot', value: '1'}), {kind: 'unknown-key', key: 'prot', suggestion: 'port'});
	assert.deepEqual(refusal('socks', {kind: 'unset', key: 'port'}), {kind: 'not-set', key: 'port'});
	assert.deepEqual(refusal('socks', {kind: 'rename', to: 'web'}), {kind: 'name-taken', name: 'web'});
	assert.deepEqual(refusal('socks', {kind: 'rename', to: '-x'}), {kind: 'bad-name', name: '-x'});
	assert.deepEqual(refusal('socks', {kind: 'forward-rm', which: '9999'}), {kind: 'no-such-forward', which: '9999', forwards: ['dynamic[0]: 1080', 'dynamic[1]: 127.0.0.1:1081']});
	assert.equal(refusal('socks', {kind: 'set', key: 'port', value: '{'})?.kind, 'bad-value');
});
