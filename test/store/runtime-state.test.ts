import assert from 'node:assert/strict';
import {mkdir, mkdtemp, readdir, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {clearStopped, readStopped, tryLock, writeStopped} from '../../src/store/runtime.js';

async function withDirectory(run: (directory: string) => Promise<void>): Promise<void> {
	const directory = await mkdtemp(path.join(os.tmpdir(), 'tunnels-state-'));
	try {
		await mkdir(path.join(directory, '.state'));
		await run(directory);
	} finally {
		await rm(directory, {recursive: true, force: true});
	}
}

test('a person\'s stop: written, read, cleared; a missing or broken file reads as no stop', async () => withDirectory(async directory => {
	assert.equal(await readStopped(directory, 'db'), undefined);
	await writeStopped(directory, 'db', {at: '2026-11-24T22:40:01.000Z', by: 'down'});
	assert.deepEqual(await readStopped(directory, 'db'), {at: '2026-11-24T22:40:01.000Z', by: 'down'});
	assert.equal(await readStopped(directory, 'db.stopped'), undefined, 'another tunnel\'s name is another file');
	await clearStopped(directory, 'db');
	await clearStopped(directory, 'db'); // twice: nothing to clear is fine
	assert.equal(await readStopped(directory, 'db'), undefined);
	await writeFile(path.join(directory, '.state', 'db.stopped.json'), '{"at":');
	assert.equal(await readStopped(directory, 'db'), undefined);
}));

test('the watch lock is apart from the start lock, held while its holder lives, taken over after', async () => withDirectory(async directory => {
	const alive = new Set([process.pid]);
	const holderAlive = async (pid: number) => alive.has(pid);
	const watch = await tryLock(directory, 'db', holderAlive, 'watch');
	assert.equal(watch.kind, 'acquired');
	assert.equal((await tryLock(directory, 'db', holderAlive)).kind, 'acquired', 'the start lock is another file');
	assert.deepEqual(await tryLock(directory, 'db', holderAlive, 'watch'), {kind: 'held', pid: process.pid});
	// Its holder dies (SIGKILL leaves the file): the next watcher takes it over.
	alive.delete(process.pid);
	assert.equal((await tryLock(directory, 'db', holderAlive, 'watch')).kind, 'acquired');
	assert.deepEqual((await readdir(path.join(directory, '.state'))).sort(), ['db.lock', 'db.watch-lock']);
}));
