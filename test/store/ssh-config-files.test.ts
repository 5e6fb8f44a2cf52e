import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {chmod, chown, mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import type {ConfigFileTree} from '../../src/ssh-config/candidates.js';
import {maxConfigFileBytes, readConfigFiles} from '../../src/store/ssh-config-files.js';

// A throwaway home: `home` plays the password database's home directory, never the real one.
let home: string;
before(async () => {
	home = await mkdtemp(path.join(os.tmpdir(), 'tunnels-config-files-'));
});
after(async () => rm(home, {recursive: true, force: true}));

/** Each file of a tree with the files its Include lines read, by line. */
function outline(tree: ConfigFileTree): unknown {
	return {file: tree.file, included: Object.fromEntries([...tree.included].map(([line, trees]) => [line, trees.map(child => outline(child))]))};
}

test('Includes: relative to ~/.ssh, ~, absolute globs in lexical order without dot files, nested; none into itself', async () => {
	const ssh = path.join(home, '.ssh');
	await mkdir(path.join(ssh, 'conf.d'), {recursive: true});
	await mkdir(path.join(home, 'etc'));
	const config = path.join(ssh, 'config');
	await writeFile(config, ['Host first', 'Include conf.d/*.conf', 'Include ~/etc/one', `Include ${home}/etc/missing ${home}/etc/o?e`, 'Include config'].join('\n'));
	await writeFile(path.join(ssh, 'conf.d', 'b.conf'), 'Host b\n');
	await writeFile(path.join(ssh, 'conf.d', 'a.conf'), 'Host a\n  LocalForward 1 x:2\n');
	await writeFile(path.join(ssh, 'conf.d', '.hidden.conf'), 'Host hidden\n');
	await writeFile(path.join(ssh, 'conf.d', 'c.txt'), 'Host not-included\n');
	await writeFile(path.join(home, 'etc', 'one'), `Host nested\nInclude ${home}/etc/two\n`);
	await writeFile(path.join(home, 'etc', 'two'), 'Host deepest\n');

	const read = await readConfigFiles(config, home);
	assert.equal(read.kind, 'read');
	const found = read.tree;
	assert.deepEqual(found.statements, [
		{kind: 'host', line: 1, patterns: ['first']},
		{kind: 'include', line: 2, patterns: ['conf.d/*.conf']},
		{kind: 'include', line: 3, patterns: ['~/etc/one']},
		{kind: 'include', line: 4, patterns: [`${home}/etc/missing`, `${home}/etc/o?e`]},
		{kind: 'include', line: 5, patterns: ['config']},
	]);
	const one = {file: path.join(home, 'etc', 'one'), included: {2: [{file: path.join(home, 'etc', 'two'), included: {}}]}};
	assert.deepEqual(outline(found), {
		file: config,
		included: {
			2: [{file: path.join(ssh, 'conf.d', 'a.conf'), included: {}}, {file: path.join(ssh, 'conf.d', 'b.conf'), included: {}}],
			3: [one],
			4: [one],
			5: [],
		},
	});
});

test('a config file that cannot be read: none', async () => {
	assert.deepEqual(await readConfigFiles(path.join(home, 'nope'), home), {kind: 'none'});
	assert.deepEqual(await readConfigFiles(home, home), {kind: 'none'}, 'a directory');
});

test('a FIFO, a device or a file over the limit, even one Included, refuses the whole config: never opened, never read on', {timeout: 10_000}, async () => {
	const fifo = path.join(home, 'fifo');
	assert.equal(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo');
	const huge = path.join(home, 'huge');
	await writeFile(huge, 'x'.repeat(maxConfigFileBytes + 1));
	const including = path.join(home, 'including');
	await writeFile(including, `Host a\n  LocalForward 1 x:2\nInclude ${fifo}\n`);
	assert.deepEqual(await readConfigFiles(fifo, home), {kind: 'refused', refused: {file: fifo, why: {kind: 'not-regular', type: 'fifo'}}});
	assert.deepEqual(await readConfigFiles('/dev/zero', home), {kind: 'refused', refused: {file: '/dev/zero', why: {kind: 'not-regular', type: 'character-device'}}});
	assert.deepEqual(await readConfigFiles(huge, home), {kind: 'refused', refused: {file: huge, why: {kind: 'too-large', limitBytes: maxConfigFileBytes}}});
	assert.deepEqual(await readConfigFiles(including, home), {kind: 'refused', refused: {file: fifo, why: {kind: 'not-regular', type: 'fifo'}}});
	await writeFile(huge, 'x'.repeat(maxConfigFileBytes));
	assert.equal((await readConfigFiles(huge, home)).kind, 'read', 'at the limit is fine');
});

test('a file of the config that others may write or another user owns, even one Included, refuses the whole config (issue 13, item 1)', async () => {
	const shared = path.join(home, 'shared-include');
	await writeFile(shared, 'Match exec "touch /nonexistent/ran"\n');
	await chmod(shared, 0o666);
	const including = path.join(home, 'including-shared');
	await writeFile(including, `Host a\n  LocalForward 1 x:2\nInclude ${shared}\n`, {mode: 0o644});
	assert.deepEqual(await readConfigFiles(including, home), {kind: 'refused', refused: {file: shared, why: {kind: 'writable', by: 'everyone'}}});
	await chmod(shared, 0o620);
	assert.deepEqual(await readConfigFiles(including, home), {kind: 'refused', refused: {file: shared, why: {kind: 'writable', by: 'group'}}});
	await chmod(shared, 0o644);
	assert.equal((await readConfigFiles(including, home)).kind, 'read');
	if (process.getuid?.() === 0) {
		await chown(shared, 65_534, 65_534); // nobody
		assert.deepEqual(await readConfigFiles(including, home), {kind: 'refused', refused: {file: shared, why: {kind: 'foreign-owner', uid: 65_534}}});
	}
});
