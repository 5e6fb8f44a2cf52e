import assert from 'node:assert/strict';
import {chmod, chown, mkdir, mkdtemp, readdir, rm, symlink, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {test} from 'node:test';
import {readProfileCache, writeProfileCache, type CacheLocation} from '../../src/store/profile-cache.js';

const uid = process.getuid?.() ?? 0;

async function withRuntime(run: (location: CacheLocation, state: string) => Promise<void>): Promise<void> {
	const base = await mkdtemp(path.join(os.tmpdir(), 'tunnels-cache-'));
	try {
		const directory = path.join(base, 'abcd1234');
		await mkdir(path.join(directory, '.state'), {recursive: true, mode: 0o700});
		await chmod(base, 0o700);
		await run({directory, base, uid}, path.join(directory, '.state'));
	} finally {
		await rm(base, {recursive: true, force: true});
	}
}

test('written, then read back; written again, replaced whole, no temporary file left', async () => withRuntime(async (location, state) => {
	assert.equal(await readProfileCache(location), undefined, 'no file yet');
	await writeProfileCache(location, 'first');
	assert.equal(await readProfileCache(location), 'first');
	await writeProfileCache(location, 'second, longer');
	assert.equal(await readProfileCache(location), 'second, longer');
	assert.deepEqual(await readdir(state), ['profile-cache.json']);
}));

test('a runtime directory that does not exist gets no cache, and none is made', async () => withRuntime(async location => {
	const missing = {...location, directory: path.join(location.base, 'deadbeef')};
	await writeProfileCache(missing, 'entry');
	assert.deepEqual((await readdir(location.base)).sort(), ['abcd1234']);
	assert.equal(await readProfileCache(missing), undefined);
}));

test('a file open to others, a symlink, a directory, or a runtime directory open to others is a miss', async () => withRuntime(async (location, state) => {
	const file = path.join(state, 'profile-cache.json');
	await writeProfileCache(location, 'entry');
	await chmod(file, 0o644);
	assert.equal(await readProfileCache(location), undefined, 'readable by others: not written by this tool');
	await chmod(file, 0o600);
	assert.equal(await readProfileCache(location), 'entry');

	await chmod(location.directory, 0o755);
	assert.equal(await readProfileCache(location), undefined, 'a directory open to others');
	await writeProfileCache(location, 'other');
	await chmod(location.directory, 0o700);
	assert.equal(await readProfileCache(location), 'entry', 'nor written there');

	await rm(file);
	await writeFile(path.join(state, 'elsewhere.json'), 'planted', {mode: 0o600});
	await symlink(path.join(state, 'elsewhere.json'), file);
	assert.equal(await readProfileCache(location), undefined, 'a symlink is not followed');
	await rm(file);
	await mkdir(file);
	assert.equal(await readProfileCache(location), undefined);
	await writeProfileCache(location, 'entry');
	assert.deepEqual((await readdir(state)).sort(), ['elsewhere.json', 'profile-cache.json'], 'a failed write leaves no temporary file');
}));

test('a file of another user is a miss', {skip: uid !== 0 && 'chown needs root'}, async () => withRuntime(async (location, state) => {
	await writeProfileCache(location, 'entry');
	await chown(path.join(state, 'profile-cache.json'), 4242, 4242);
	assert.equal(await readProfileCache(location), undefined);
}));
