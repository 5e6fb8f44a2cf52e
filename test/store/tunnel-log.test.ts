import assert from 'node:assert/strict';
import {appendFile, mkdir, mkdtemp, open, readFile, rm, stat, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import {logRotateBytes, previousLogPath, tunnelLogPath} from '../../src/logs/paths.js';
import {formatRecord} from '../../src/logs/record.js';
import {appendLog, beginLog, boundLog, followLog, readLogFiles, readLogSince} from '../../src/store/tunnel-log.js';

async function withDirectory(run: (directory: string) => Promise<void>): Promise<void> {
	const directory = await mkdtemp(path.join(os.tmpdir(), 'tunnels-log-'));
	try {
		await mkdir(path.join(directory, '.state'));
		await run(directory);
	} finally {
		await rm(directory, {recursive: true, force: true});
	}
}

const start = {kind: 'start', at: new Date('2026-11-29T20:00:00.000Z'), pid: 42} as const;

test('a start writes its record and gives the offset where ssh\'s own lines begin; only those are read back', async () => withDirectory(async directory => {
	const file = tunnelLogPath(directory, 'db');
	await writeFile(file, 'an earlier start\'s reason\n');
	const offset = await beginLog(directory, 'db', formatRecord(start));
	await appendFile(file, 'db@127.0.0.1: Permission denied (publickey).\n');
	assert.equal(await readLogSince(directory, 'db', offset), 'db@127.0.0.1: Permission denied (publickey).\n');
	assert.equal(await readLogSince(directory, 'other', 0), '');
}));

test('a new log is the user\'s alone (0600)', async () => withDirectory(async directory => {
	await beginLog(directory, 'db', formatRecord(start));
	assert.equal((await stat(tunnelLogPath(directory, 'db'))).mode & 0o777, 0o600);
}));

test('over its bound, a log is moved aside before the next start and before a keeper\'s record; one older file is kept', async () => withDirectory(async directory => {
	const file = tunnelLogPath(directory, 'db');
	const big = 'x'.repeat(logRotateBytes + 1);
	await writeFile(file, big);
	await writeFile(previousLogPath(file), 'the oldest, dropped\n');
	await beginLog(directory, 'db', formatRecord(start));
	assert.equal(await readFile(previousLogPath(file), 'utf8'), big);
	assert.equal(await readFile(file, 'utf8'), formatRecord(start));

	// A master that runs for weeks fills the log; a keeper's next record moves it aside.
	await appendFile(file, big);
	const restart = {kind: 'watch', pid: 300, event: {kind: 'woke', at: start.at, sleptMs: 1}} as const;
	await appendLog(directory, 'db', formatRecord(restart));
	assert.equal(await readFile(file, 'utf8'), formatRecord(restart));
	assert.deepEqual((await readLogFiles(directory, 'db'))?.texts.map(text => text.length), [formatRecord(start).length + big.length, formatRecord(restart).length]);
}));

test('under its bound a log is never rotated', async () => withDirectory(async directory => {
	await writeFile(tunnelLogPath(directory, 'db'), 'x'.repeat(logRotateBytes));
	await beginLog(directory, 'db', formatRecord(start));
	assert.deepEqual((await readLogFiles(directory, 'db'))?.texts.length, 1);
}));

test('a master writing on through its descriptor (O_APPEND, as ssh opens -E) after a rotation writes at the emptied file\'s end: the log stays bounded', async () => withDirectory(async directory => {
	const file = tunnelLogPath(directory, 'db');
	const big = 'x'.repeat(logRotateBytes + 1);
	await writeFile(file, big);
	const ssh = await open(file, 'a');
	try {
		await boundLog(directory, 'db');
		await ssh.appendFile('Timeout, server 127.0.0.1 not responding.\n');
	} finally {
		await ssh.close();
	}

	assert.deepEqual((await readLogFiles(directory, 'db'))?.texts, [big, 'Timeout, server 127.0.0.1 not responding.\n']);
}));

test('no log at all reads as undefined', async () => withDirectory(async directory => {
	assert.equal(await readLogFiles(directory, 'db'), undefined);
}));

test('following: complete lines only, as they are appended; after a rotation the emptied file is read from its start; the abort ends it', async () => withDirectory(async directory => {
	const file = tunnelLogPath(directory, 'db');
	await writeFile(file, 'before the follow\n');
	const seen: string[] = [];
	const stop = new AbortController();
	const following = followLog(directory, 'db', Buffer.byteLength('before the follow\n'), stop.signal, text => seen.push(text), 10);
	const waitFor = async (count: number) => {
		for (let i = 0; i < 300 && seen.length < count; i++) {
			await delay(10);
		}
	};

	await appendFile(file, 'first\nsecond hal');
	await waitFor(1);
	await appendFile(file, 'f\n');
	await waitFor(2);
	await writeFile(file, 'x'.repeat(logRotateBytes + 1));
	await boundLog(directory, 'db');
	await appendFile(file, 'after the rotation\n');
	await waitFor(3);
	stop.abort();
	await following;
	assert.deepEqual(seen, ['first\n', 'second half\n', 'after the rotation\n']);
}));
