import assert from 'node:assert/strict';
import {mkdir, readFile, readdir, rm, stat, utimes, writeFile} from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import {after, before, test} from 'node:test';
import {execa} from 'execa';
import {cliEnvironment, createSandbox, type Sandbox} from '../support/cli.js';
import {binPath} from '../support/paths.js';

// The cache of the parsed profile (profile/parse-cache.ts, store/profile-cache.ts): a command whose
// profile did not change runs no YAML code; any change, however small and however quick, is seen
// by the very next command.

let sandbox: Sandbox;
before(async () => {
	sandbox = await createSandbox({KEYS: '/keys'});
});
after(async () => sandbox.dispose());

const profileText = (port: number) => `tunnels:\n  db:\n    host: db.example\n    identityFile: \${KEYS}/id\n    local: [${port}:localhost:5432]\n`;

async function cacheFiles(): Promise<string[]> {
	const run = path.join(sandbox.dir, 'run');
	const directories = await readdir(run);
	const found = await Promise.all(directories.map(async directory => (await readdir(path.join(run, directory, '.state'))).filter(name => name.startsWith('profile-cache')).map(name => path.join(run, directory, '.state', name))));
	return found.flat();
}

/**
 * `print db --minimal`, and what of the bundle ran, from V8's coverage of the run (NODE_V8_COVERAGE):
 * the bundle files loaded, and whether any of the YAML package's code ran. A verb's own bundle file
 * holds the parser too (src/entry.ts), so what counts is what runs, not what is loaded.
 */
async function printLoading(env: Record<string, string> = {}): Promise<{stdout: string; stderr: string; exitCode: number; loaded: string[]; yamlRan: boolean}> {
	const coverage = path.join(sandbox.dir, `coverage-${process.hrtime.bigint()}`);
	const result = await execa(process.execPath, [binPath, 'print', 'db', '--minimal'], {
		env: cliEnvironment({...sandbox.env, NODE_V8_COVERAGE: coverage, ...env}), extendEnv: false, reject: false, stdin: 'ignore', timeout: 60_000,
	});
	type Coverage = {result: Array<{url: string; functions: Array<{functionName: string; ranges: Array<{count: number}>}>}>};
	const scripts = (await Promise.all((await readdir(coverage)).map(async file => (JSON.parse(await readFile(path.join(coverage, file), 'utf8')) as Coverage).result)))
		.flat().filter(script => script.url.includes('/dist/bundle/'));
	await rm(coverage, {recursive: true, force: true});
	// esbuild names each bundled CommonJS module's wrapper by its path: `"node_modules/yaml/dist/index.js"(exports) {`.
	const yamlRan = scripts.some(script => script.functions.some(run => run.functionName.includes('node_modules/yaml/') && (run.ranges[0]?.count ?? 0) > 0));
	return {stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode ?? -1, loaded: scripts.map(script => new URL(script.url).pathname), yamlRan};
}

test('an unchanged profile is taken from the cache without running YAML code; a change of the same size in the same second is seen at once', async () => {
	await mkdir(path.dirname(sandbox.profile), {recursive: true});
	await writeFile(sandbox.profile, profileText(5432), {mode: 0o600});
	// The runtime directory is made by the first command that needs it: `print` without --minimal.
	assert.equal((await sandbox.run(['print', 'db'])).exitCode, 0);

	const first = await printLoading();
	assert.equal(first.stdout, 'ssh -f -N -i /keys/id -L 5432:localhost:5432 db.example');
	assert.ok(first.yamlRan, 'a miss parses the YAML');
	assert.equal((await cacheFiles()).length, 1, 'and keeps the result');

	const second = await printLoading();
	assert.equal(second.stdout, first.stdout);
	assert.ok(second.loaded.length > 0, 'the coverage saw the bundle run');
	assert.equal(second.yamlRan, false, `a hit runs no YAML code: ${second.loaded.join(' ')}`);

	// Same size, and the modification time of the text it replaces (to the microsecond: utimes takes seconds as a number).
	const before = await stat(sandbox.profile, {bigint: true});
	await writeFile(sandbox.profile, profileText(5433));
	await utimes(sandbox.profile, Number(before.atimeNs) / 1e9, Number(before.mtimeNs) / 1e9);
	const after = await stat(sandbox.profile);
	assert.equal(after.size, Number(before.size));
	assert.ok(Math.abs(after.mtimeMs - (Number(before.mtimeNs) / 1e6)) < 0.01, 'the same modification time');
	const changed = await printLoading();
	assert.equal(changed.stdout, 'ssh -f -N -i /keys/id -L 5433:localhost:5432 db.example');

	// A variable the profile uses is part of what the parse read.
	const otherKeys = await printLoading({KEYS: '/other'});
	assert.equal(otherKeys.stdout, 'ssh -f -N -i /other/id -L 5433:localhost:5432 db.example');
	assert.ok(otherKeys.yamlRan, 'another value: a miss, parsed');
	assert.equal((await printLoading()).stdout, changed.stdout);
});

test('an invalid profile is never cached: its errors come from the parse, with file:line, every time', async () => {
	await writeFile(sandbox.profile, profileText(5432));
	assert.equal((await printLoading()).exitCode, 0);
	await writeFile(sandbox.profile, profileText(70_000));
	for (let attempt = 0; attempt < 2; attempt++) {
		const invalid = await printLoading();
		assert.equal(invalid.exitCode, 2);
		assert.match(invalid.stderr, new RegExp(`${sandbox.profile.replaceAll('.', '\\.')}:5: error: tunnel \`db\`, local\\[0\\]: .*70000`));
	}

	await writeFile(sandbox.profile, profileText(5434));
	assert.equal((await printLoading()).stdout, 'ssh -f -N -i /keys/id -L 5434:localhost:5432 db.example');
});

test('a corrupt cache file is a miss and is replaced', async () => {
	await writeFile(sandbox.profile, profileText(5435));
	assert.equal((await printLoading()).exitCode, 0);
	const [file] = await cacheFiles();
	assert.ok(file !== undefined);
	await writeFile(file, '{"format":"tunnels-profile-cache-1","textSha256":', {mode: 0o600});
	const corrupt = await printLoading();
	assert.deepEqual([corrupt.exitCode, corrupt.stdout, corrupt.stderr], [0, 'ssh -f -N -i /keys/id -L 5435:localhost:5432 db.example', '']);
	assert.equal((await printLoading()).yamlRan, false, 'the entry was written again');
	assert.deepEqual(await cacheFiles(), [file], 'one entry per profile file, no temporary file left');
});
