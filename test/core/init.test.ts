import assert from 'node:assert/strict';
import {test} from 'node:test';
import {initProfile} from '../../src/core/init.js';
import {exampleProfile} from '../../src/profile/example.js';
import {fakeProfileFile} from '../support/profile-file.js';

const file = '/home/me/.config/tunnels/tunnels.yaml';

test('initProfile: the example is written where the profile file is missing', async () => {
	const fake = fakeProfileFile();
	assert.deepEqual(await initProfile(fake.deps), {kind: 'written', path: file});
	assert.deepEqual(fake.writes, [{file, text: exampleProfile}]);
});

test('initProfile: over an existing file it writes nothing', async () => {
	const fake = fakeProfileFile({text: 'tunnels: {}\n'});
	assert.deepEqual(await initProfile(fake.deps), {kind: 'exists', path: file});
	assert.deepEqual(fake.writes, []);
});
