import assert from 'node:assert/strict';
import {chmod, chown, lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {after, before, test} from 'node:test';
import {codeCacheDirectory, codeCacheName, runCompiled} from '../src/code-cache.js';

let dir = '';
let bundle = '';
const uid = process.getuid?.() ?? 0;

/**
 * A bundle of its own for a test: V8 keeps what it compiled in this process and takes a source it
 * saw before from there, whatever cache it is given, so each test that judges the cache compiles a
 * source no other test did. What a bundle of .ci/build.mjs uses: require beside it, importMetaUrl,
 * strict mode.
 */
async function writeBundle(name: string): Promise<string> {
	const file = path.join(dir, `${name}.cjs`);
	await writeFile(file, [
		`// ${name}`,
		'const helper = require("./helper.cjs");',
		'function thisOfCall() { return this; }',
		'exports.main = async () => ({answer: helper + 1, url: importMetaUrl, strict: thisOfCall() === undefined, file: __filename});',
	].join('\n'));
	return file;
}

before(async () => {
	dir = await mkdtemp(path.join(os.tmpdir(), 'code-cache-'));
	await writeFile(path.join(dir, 'helper.cjs'), 'module.exports = 41;');
	bundle = await writeBundle('verb-x');
});
after(async () => rm(dir, {recursive: true, force: true}));

async function cacheIn(name: string): Promise<{directory: string; build: string; uid: number; file: string}> {
	const directory = path.join(dir, name, 'tunnels', 'code');
	return {directory, build: 'b1', uid, file: path.join(directory, codeCacheName(bundle, 'b1'))};
}

test('where the cache lives: XDG_CACHE_HOME when absolute, else ~/.cache; nowhere without either', () => {
	assert.equal(codeCacheDirectory({XDG_CACHE_HOME: '/x/cache', HOME: '/home/me'}), '/x/cache/tunnels/code');
	assert.equal(codeCacheDirectory({XDG_CACHE_HOME: 'relative', HOME: '/home/me'}), '/home/me/.cache/tunnels/code');
	assert.equal(codeCacheDirectory({}), undefined);
	assert.match(codeCacheName('/a/verb-up.cjs', 'b1'), new RegExp(`^verb-up\\.cjs\\.b1\\.${process.version.replaceAll('.', '\\.')}\\.${process.arch}\\.v8$`));
});

test('a bundle runs as Node runs CommonJS: its own require, strict mode, import.meta.url as importMetaUrl', async () => {
	const compiled = runCompiled(bundle, undefined);
	assert.deepEqual(await (compiled.exports['main'] as () => Promise<unknown>)(), {answer: 42, url: `file://${bundle}`, strict: true, file: bundle});
	compiled.keep();
});

test('the first run stores the bytecode (0600 in a 0700 directory); the next is served by it and stores nothing', async () => {
	const cache = await cacheIn('first');
	runCompiled(bundle, cache).keep();
	const stored = await stat(cache.file);
	assert.equal(stored.mode & 0o777, 0o600);
	assert.equal((await stat(cache.directory)).mode & 0o777, 0o700);
	runCompiled(bundle, cache).keep();
	assert.equal((await stat(cache.file)).ino, stored.ino, 'not written again');
	assert.deepEqual(await readdir(cache.directory), [path.basename(cache.file)], 'no temporary file left');
});

test('bytes V8 rejects (a corrupt file) are a miss: the bundle runs, and the file is written again', async () => {
	const corrupt = await writeBundle('verb-corrupt');
	const cache = await cacheIn('corrupt');
	const file = path.join(cache.directory, codeCacheName(corrupt, cache.build));
	await mkdir(cache.directory, {recursive: true, mode: 0o700});
	await writeFile(file, 'not bytecode', {mode: 0o600});
	const compiled = runCompiled(corrupt, cache);
	assert.equal(((await (compiled.exports['main'] as () => Promise<{answer: number}>)())).answer, 42);
	compiled.keep();
	assert.notEqual(await readFile(file, 'utf8'), 'not bytecode');
});

test('a file others can write, or a link, is never read; storing replaces it and leaves a link\'s target alone', async () => {
	const writable = await cacheIn('writable');
	await mkdir(writable.directory, {recursive: true, mode: 0o700});
	await writeFile(writable.file, 'not bytecode');
	await chmod(writable.file, 0o666);
	runCompiled(bundle, writable).keep();
	assert.equal((await stat(writable.file)).mode & 0o777, 0o600, 'replaced by our own');

	const linked = await cacheIn('linked');
	await mkdir(linked.directory, {recursive: true, mode: 0o700});
	const target = path.join(dir, 'elsewhere');
	await writeFile(target, 'keep me', {mode: 0o600});
	await symlink(target, linked.file);
	runCompiled(bundle, linked).keep();
	assert.equal(await readFile(target, 'utf8'), 'keep me');
	assert.ok((await lstat(linked.file)).isFile(), 'the link itself was replaced');
});

test('a directory others can write is neither read nor written', async () => {
	const cache = await cacheIn('open');
	await mkdir(cache.directory, {recursive: true});
	await chmod(cache.directory, 0o777);
	runCompiled(bundle, cache).keep();
	assert.deepEqual(await readdir(cache.directory), []);
});

test('a file of another user is not read', {skip: uid !== 0 ? 'needs root: chown to another user' : false}, async () => {
	const cache = await cacheIn('theirs');
	runCompiled(bundle, cache).keep();
	const ours = await stat(cache.file);
	await chown(cache.file, 65_534, 65_534);
	runCompiled(bundle, cache).keep();
	assert.notEqual((await stat(cache.file)).ino, ours.ino, 'not taken: compiled and stored anew');
	assert.equal((await stat(cache.file)).uid, uid);
});

test('storing one build\'s bytecode removes what other builds left of the same bundle, and nothing else', async () => {
	const cache = await cacheIn('builds');
	await mkdir(cache.directory, {recursive: true, mode: 0o700});
	const older = path.join(cache.directory, codeCacheName(bundle, 'b0'));
	const otherBundle = path.join(cache.directory, codeCacheName('/x/verb-y.cjs', 'b0'));
	await writeFile(older, 'old', {mode: 0o600});
	await writeFile(otherBundle, 'other', {mode: 0o600});
	runCompiled(bundle, cache).keep();
	assert.deepEqual((await readdir(cache.directory)).sort(), [path.basename(cache.file), path.basename(otherBundle)].sort());
});
