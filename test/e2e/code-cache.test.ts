// The verbs that run often run compiled from V8's code cache (src/code-cache.ts): the first run
// keeps the bytecode in ~/.cache/tunnels/code, later runs are served by it, and a cache that is
// not right is only a miss.
import assert from 'node:assert/strict';
import {mkdir, readdir, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {createSandbox, type Sandbox} from '../support/cli.js';

let sandbox: Sandbox;
before(async () => {
	sandbox = await createSandbox();
	await mkdir(path.dirname(sandbox.profile), {recursive: true});
	await writeFile(sandbox.profile, 'tunnels:\n  db:\n    host: db.example\n    local: [5432:localhost:5432]\n', {mode: 0o600});
});
after(async () => sandbox.dispose());

const expected = 'ssh -f -N -L 5432:localhost:5432 db.example\n';

test('print keeps its bytecode on the first run, is served by it on the next, and a corrupt cache is only a miss', async () => {
	const directory = path.join(sandbox.dir, '.cache', 'tunnels', 'code');
	const first = await sandbox.run(['print', 'db', '--minimal']);
	assert.deepEqual([first.exitCode, first.stdout, first.stderr], [0, expected, '']);
	const [name, ...others] = await readdir(directory);
	assert.match(name ?? '', /^verb-print\.cjs\.[0-9a-f]+\.v\d+\.\d+\.\d+\.\w+\.v8$/);
	assert.deepEqual(others, []);
	const file = path.join(directory, name!);
	const kept = await stat(file);
	assert.equal(kept.mode & 0o777, 0o600);

	assert.equal((await sandbox.run(['print', 'db', '--minimal'])).stdout, expected);
	assert.equal((await stat(file)).ino, kept.ino, 'served by the cache: not written again');

	await writeFile(file, 'not bytecode');
	const corrupt = await sandbox.run(['print', 'db', '--minimal']);
	assert.deepEqual([corrupt.exitCode, corrupt.stdout, corrupt.stderr], [0, expected, '']);
	assert.ok((await stat(file)).size > 1000, 'written again');
});
