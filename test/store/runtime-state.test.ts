import assert from 'node:assert/strict';
import {mkdir, mkdtemp, readFile, readdir, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {tryLock, type LockHolder} from '../../src/store/lock.js';
import {clearStopped, listEntries, listRecords, readStopped, writeCarrier, writeFailure, writeStopped} from '../../src/store/runtime.js';

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
	const holderAlive = {
		self: async (): Promise<LockHolder> => ({pid: process.pid, startTicks: '1'}),
		alive: async ({pid}: LockHolder) => alive.has(pid),
	};
	const watch = await tryLock(directory, 'db', holderAlive, 'watch');
	assert.equal(watch.kind, 'acquired');
	assert.equal((await tryLock(directory, 'db', holderAlive)).kind, 'acquired', 'the start lock is another file');
	assert.deepEqual(await tryLock(directory, 'db', holderAlive, 'watch'), {kind: 'held', pid: process.pid});
	// Its holder dies (SIGKILL leaves the file): the next watcher takes it over.
	alive.delete(process.pid);
	assert.equal((await tryLock(directory, 'db', holderAlive, 'watch')).kind, 'acquired');
	assert.deepEqual((await readdir(path.join(directory, '.state'))).sort(), ['db.lock', 'db.watch-lock']);
}));

test('a lock names its holder by PID and start: a holder with that PID but another start is gone', async () => withDirectory(async directory => {
	let running: LockHolder = {pid: 4242, startTicks: '100'};
	const identity = {
		self: async (): Promise<LockHolder> => running,
		alive: async (holder: LockHolder) => holder.pid === running.pid && (holder.startTicks === undefined || holder.startTicks === running.startTicks),
	};
	assert.equal((await tryLock(directory, 'db', identity)).kind, 'acquired');
	assert.deepEqual(JSON.parse(await readFile(path.join(directory, '.state', 'db.lock'), 'utf8')), {pid: 4242, startTicks: '100'});
	assert.deepEqual(await tryLock(directory, 'db', identity), {kind: 'held', pid: 4242});
	running = {pid: 4242, startTicks: '900'}; // the holder died, its PID went to another process
	assert.equal((await tryLock(directory, 'db', identity)).kind, 'acquired');
	// A lock written as a bare PID (before the start was recorded) is held while that PID runs.
	await writeFile(path.join(directory, '.state', 'db.lock'), '4242');
	assert.deepEqual(await tryLock(directory, 'db', identity), {kind: 'held', pid: 4242});
}));

test('which records exist, from one listing, under the names the readers and the locks use', async () => withDirectory(async directory => {
	const holder = {self: async (): Promise<LockHolder> => ({pid: process.pid, startTicks: '1'}), alive: async () => true};
	await writeFailure(directory, 'db', {at: '2026-11-24T22:40:01.000Z', reason: {kind: 'exited', code: 255}} as never);
	await writeCarrier(directory, 'web', {master: '/r/+abc'} as never);
	await tryLock(directory, 'db.watch', holder);
	await tryLock(directory, 'api', holder, 'watch');
	const present = await listRecords(directory);
	const all = (['failure', 'carrier', 'start-lock', 'watch-lock'] as const).flatMap(kind => ['db', 'web', 'db.watch', 'api'].filter(name => present(kind, name)).map(name => `${kind} ${name}`));
	assert.deepEqual(all, ['failure db', 'carrier web', 'start-lock db.watch', 'watch-lock api']);
	const missing = await listRecords(path.join(directory, 'nothing-here'));
	assert.equal(missing('failure', 'db'), false, 'no directory: no records');
}));

test('the runtime directory\'s names, from one listing; a directory not made yet holds none', async () => withDirectory(async directory => {
	await writeFile(path.join(directory, 'db'), '');
	assert.deepEqual([...(await listEntries(directory)) ?? []].sort(), ['.state', 'db']);
	assert.deepEqual(await listEntries(path.join(directory, 'nothing-here')), new Set());
}));
