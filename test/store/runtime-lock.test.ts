import assert from 'node:assert/strict';
import {mkdir, mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {test} from 'node:test';
import {execa} from 'execa';

const lockModule = fileURLToPath(new URL('../../src/store/lock.js', import.meta.url));

// Each racer takes the same lock names at the same moments (a shared clock, busy-waited) and keeps
// what it takes (a live holder): a name taken by two racers is two `up` of one tunnel at once.
const racer = `
const {tryLock} = await import(${JSON.stringify(lockModule)});
const [directory, count, start, step] = process.argv.slice(1).map((value, index) => (index === 0 ? value : Number(value)));
const alive = {self: async () => ({pid: process.pid, startTicks: undefined}), alive: async ({pid}) => { try { process.kill(pid, 0); return true; } catch { return false; } }};
const taken = [];
for (let index = 0; index < count; index++) {
	while (Date.now() < start + index * step) {}
	if ((await tryLock(directory, 'r' + index, alive)).kind === 'acquired') taken.push(index);
}
process.stdout.write(JSON.stringify(taken));
// Stay alive until every racer is done, so that no lock is taken over from a dead holder.
await new Promise(resolve => process.stdin.once('data', resolve));
`;

test('start locks: of processes racing for the same names, each name goes to one of them', {timeout: 30_000}, async () => {
	const directory = await mkdtemp(path.join(os.tmpdir(), 'tunnels-lock-'));
	const racers: Array<ReturnType<typeof execa>> = [];
	try {
		await mkdir(path.join(directory, '.state'));
		const [count, step] = [60, 25];
		const start = Date.now() + 1000; // after every racer has started
		for (let index = 0; index < 3; index++) {
			racers.push(execa(process.execPath, ['--input-type=module', '-e', racer, directory, String(count), String(start), String(step)], {stdin: 'pipe', reject: false, timeout: 20_000}));
		}

		// Each racer prints its list once done, then waits for stdin.
		const lists = await Promise.all(racers.map(async subprocess => new Promise<number[]>((resolve, reject) => {
			let text = '';
			subprocess.stdout?.on('data', (chunk: Buffer) => {
				text += chunk.toString();
				try {
					resolve(JSON.parse(text) as number[]);
				} catch {} // not all of it yet
			});
			subprocess.then(result => reject(new Error(`racer exited early: ${result.stderr}`)), reject);
		})));
		const all = lists.flat();
		assert.equal(new Set(all).size, all.length, 'no name was taken twice');
		assert.equal(all.length, count, 'every name was taken once');
	} finally {
		for (const subprocess of racers) subprocess.stdin?.end('done');
		await Promise.allSettled(racers);
		await rm(directory, {recursive: true, force: true});
	}
});

test('the start lock\'s live holder can be read without taking the lock; a released or dead one reads as none (issue 13, item 2)', async () => {
	const {lockHolder, tryLock} = await import('../../src/store/lock.js');
	const directory = await mkdtemp(path.join(os.tmpdir(), 'tunnels-lock-'));
	const liveOnly = {self: async () => ({pid: process.pid, startTicks: undefined}), alive: async ({pid}: {pid: number}) => pid === process.pid};
	try {
		await mkdir(path.join(directory, '.state'));
		assert.equal(await lockHolder(directory, 'db', liveOnly), undefined, 'no lock');
		const lock = await tryLock(directory, 'db', liveOnly);
		assert.equal(lock.kind, 'acquired');
		assert.equal(await lockHolder(directory, 'db', liveOnly), process.pid, 'held by this process');
		assert.equal(await lockHolder(directory, 'db', liveOnly, 'watch'), undefined, 'the watch lock is another file');
		assert.equal((await tryLock(directory, 'db', liveOnly)).kind, 'held', 'reading took nothing over');
		if (lock.kind === 'acquired') {
			await lock.release();
		}

		assert.equal(await lockHolder(directory, 'db', liveOnly), undefined, 'released');
		const dead = {...liveOnly, alive: async () => false};
		await tryLock(directory, 'db', liveOnly);
		assert.equal(await lockHolder(directory, 'db', dead), undefined, 'a dead holder holds nothing');
	} finally {
		await rm(directory, {recursive: true, force: true});
	}
});
