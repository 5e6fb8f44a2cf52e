// The watch lock says what kind of keeper holds it: the service, a `tunnels watch`, a UI.
import assert from 'node:assert/strict';
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {tryLock, watchKeeper, type LockIdentity} from '../../src/store/lock.js';

const identity = (pid: number, alive: ReadonlySet<number>): LockIdentity => ({
	self: async () => ({pid, startTicks: 'S'}),
	alive: async holder => alive.has(holder.pid),
});

test('the kind is recorded, said to another keeper, and read back; an older lock reads as tunnels watch; a dead holder as none', async () => {
	const directory = await mkdtemp(path.join(os.tmpdir(), 'tunnels-keeper-'));
	try {
		await mkdir(path.join(directory, '.state'));
		const live = new Set([100, 200]);
		const taken = await tryLock(directory, 'db', identity(100, live), 'watch', 'service');
		assert.equal(taken.kind, 'acquired');
		assert.deepEqual(await tryLock(directory, 'db', identity(200, live), 'watch', 'ui'), {kind: 'held', pid: 100, keeper: 'service'});
		assert.deepEqual(await watchKeeper(directory, 'db', identity(200, live)), {kind: 'service', pid: 100});

		await writeFile(path.join(directory, '.state', 'old.watch-lock'), JSON.stringify({pid: 200, startTicks: 'S'}));
		assert.deepEqual(await watchKeeper(directory, 'old', identity(100, live)), {kind: 'watch', pid: 200});
		assert.deepEqual(await tryLock(directory, 'old', identity(100, live), 'watch', 'ui'), {kind: 'held', pid: 200});

		live.delete(100);
		assert.equal(await watchKeeper(directory, 'db', identity(200, live)), undefined);
		assert.equal(await watchKeeper(directory, 'none', identity(200, live)), undefined);
	} finally {
		await rm(directory, {recursive: true, force: true});
	}
});
