import assert from 'node:assert/strict';
import {constants} from 'node:fs';
import {access, chmod, mkdir, mkdtemp, rm, symlink, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {after, before, test} from 'node:test';
import {execa} from 'execa';
import {createSandbox, type Sandbox} from '../support/cli.js';
import {binPath} from '../support/paths.js';

/** Whether a program is on PATH, without running it. */
async function installed(program: string): Promise<boolean> {
	for (const directory of (process.env['PATH'] ?? '').split(path.delimiter).filter(Boolean)) {
		try {
			await access(path.join(directory, program), constants.X_OK);
			return true;
		} catch {}
	}

	return false;
}

const hasZsh = await installed('zsh');
const hasFish = await installed('fish');

const profile = (names: readonly string[]): string =>
	`tunnels:\n${names.map((name, index) => `  ${name}:\n    host: 10.1.0.${index + 2}\n    user: root\n    local:\n      - ${9906 + index}:127.0.0.1:3306\n`).join('')}`;

let sandbox: Sandbox;
let scripts: string;
/** The environment of a shell that finds `tunnels` (a symlink to the built binary) on its PATH. */
let shellEnv: Record<string, string>;

before(async () => {
	sandbox = await createSandbox();
	await mkdir(path.dirname(sandbox.profile), {recursive: true});
	await writeFile(sandbox.profile, profile(['db-main', 'web']), {mode: 0o600});
	await writeFile(path.join(sandbox.dir, 'other.yaml'), profile(['other-a', 'other-b']), {mode: 0o600});

	scripts = await mkdtemp(path.join(os.tmpdir(), 'tunnels-completion-'));
	await mkdir(path.join(scripts, 'bin'));
	await symlink(binPath, path.join(scripts, 'bin', 'tunnels'));
	for (const shell of ['bash', 'zsh', 'fish']) {
		const result = await sandbox.run(['completion', shell]);
		assert.deepEqual({exitCode: result.exitCode, stderr: result.stderr}, {exitCode: 0, stderr: ''}, shell);
		await writeFile(path.join(scripts, `tunnels.${shell}`), result.stdout);
	}

	const inherited = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] =>
		entry[1] !== undefined && !entry[0].startsWith('TUNNELS_') && !entry[0].startsWith('XDG_')));
	shellEnv = {
		...inherited,
		...sandbox.env,
		// bin/tunnels.js runs `env node`: the node running the tests, after our `tunnels`.
		PATH: [path.join(scripts, 'bin'), path.dirname(process.execPath), process.env['PATH'] ?? ''].join(path.delimiter),
	};
});

after(async () => {
	await sandbox.dispose();
	await rm(scripts, {recursive: true, force: true});
});

/**
 * Sources the bash script in a clean bash and calls its completion function as bash's programmable
 * completion would for `tunnels WORDS...`, the last word being the one under the cursor.
 */
async function bashComplete(words: readonly string[]): Promise<string[]> {
	const program = `
source "$1"; shift
COMP_WORDS=(tunnels "$@")
COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
COMP_LINE="\${COMP_WORDS[*]}"
COMP_POINT=\${#COMP_LINE}
_tunnels_complete tunnels "\${COMP_WORDS[COMP_CWORD]}" "\${COMP_WORDS[COMP_CWORD-1]}"
echo "status $?"
printf '%s\\n' "\${COMPREPLY[@]}"`;
	const result = await execa('bash', ['--norc', '--noprofile', '-c', program, 'bash', path.join(scripts, 'tunnels.bash'), ...words], {
		env: shellEnv, extendEnv: false, reject: false, stdin: 'ignore', timeout: 30_000,
	});
	assert.equal(result.exitCode, 0, result.stderr);
	assert.equal(result.stderr, '');
	const [status, ...lines] = result.stdout.split('\n');
	assert.equal(status, 'status 0');
	return lines.filter(line => line !== '');
}

test('the bash script parses (bash -n)', async () => {
	const result = await execa('bash', ['-n', path.join(scripts, 'tunnels.bash')], {reject: false});
	assert.deepEqual({exitCode: result.exitCode, stderr: result.stderr}, {exitCode: 0, stderr: ''});
});

test('the zsh script parses (zsh -n)', {skip: hasZsh ? false : 'zsh is not installed here'}, async () => {
	const result = await execa('zsh', ['-n', path.join(scripts, 'tunnels.zsh')], {reject: false});
	assert.deepEqual({exitCode: result.exitCode, stderr: result.stderr}, {exitCode: 0, stderr: ''});
});

test('the fish script parses (fish --no-execute)', {skip: hasFish ? false : 'fish is not installed here'}, async () => {
	const result = await execa('fish', ['--no-execute', path.join(scripts, 'tunnels.fish')], {reject: false});
	assert.deepEqual({exitCode: result.exitCode, stderr: result.stderr}, {exitCode: 0, stderr: ''});
});

test('bash completes tunnel names of the profile file, commands and options', async () => {
	assert.deepEqual(await bashComplete(['up', '']), ['db-main', 'web']);
	assert.deepEqual(await bashComplete(['down', 'w']), ['web']);
	assert.deepEqual(await bashComplete(['up', 'db-main', '']), ['web'], 'a name already on the line is not offered again');
	assert.deepEqual(await bashComplete(['print', 'db-main', '']), [], 'print takes one name');
	assert.deepEqual(await bashComplete(['pr']), ['print', 'prune']);
	assert.deepEqual(await bashComplete(['completion', '']), ['bash', 'zsh', 'fish']);

	const upOptions = await bashComplete(['up', '--']);
	assert.deepEqual(upOptions.slice(0, 3), ['--all', '--batch', '--json']);
	assert.ok(upOptions.includes('--config') && upOptions.includes('--help'), upOptions.join(' '));
	assert.ok(upOptions.every(option => option.startsWith('--')), upOptions.join(' '));
});

test('bash completion reads the profile file named on the line, as the command would', async () => {
	const other = path.join(sandbox.dir, 'other.yaml');
	assert.deepEqual(await bashComplete(['--config', other, 'up', '']), ['other-a', 'other-b']);
	assert.deepEqual(await bashComplete(['check', '--config', other, 'other-']), ['other-a', 'other-b']);
	// bash splits `--config=FILE` at `=` (COMP_WORDBREAKS); `~` is not expanded yet in a line being typed.
	assert.deepEqual(await bashComplete(['--config', '=', other, 'kill', '']), ['other-a', 'other-b']);
	assert.deepEqual(await bashComplete(['--config', '~/other.yaml', 'up', '']), ['other-a', 'other-b']);
});

test('__complete stays quiet: a missing, broken or unsafe profile file gives no names and exit status 0', async () => {
	const broken = path.join(sandbox.dir, 'broken.yaml');
	await writeFile(broken, 'tunnels:\n  db: [\n', {mode: 0o600});
	const invalid = path.join(sandbox.dir, 'invalid.yaml');
	await writeFile(invalid, 'tunnels:\n  db:\n    host: -oProxyCommand=x\n', {mode: 0o600});
	const writable = path.join(sandbox.dir, 'writable.yaml');
	await writeFile(writable, profile(['shared']));
	await chmod(writable, 0o666);
	for (const file of [broken, invalid, writable, path.join(sandbox.dir, 'missing.yaml'), sandbox.dir]) {
		const result = await sandbox.run(['__complete', '--', '--config', file, 'up', '']);
		assert.deepEqual(result, {exitCode: 0, stdout: '', stderr: ''}, file);
	}

	assert.deepEqual(await sandbox.run(['__complete', '--', 'up', '']), {exitCode: 0, stdout: 'db-main\nweb\n', stderr: ''});
	assert.deepEqual(await sandbox.run(['__complete', '--', '--config', '']), {exitCode: 0, stdout: ':files\n', stderr: ''});
	// Tags are offered as @TAG wherever names are, each once.
	const tagged = path.join(sandbox.dir, 'tagged.yaml');
	await writeFile(tagged, 'tunnels:\n  a:\n    host: h\n    dynamic: [1080]\n    tags: [db, prod]\n  b:\n    host: h\n    dynamic: [1081]\n    tags: [db]\n', {mode: 0o600});
	assert.deepEqual(await sandbox.run(['__complete', '--', '--config', tagged, 'up', '']), {exitCode: 0, stdout: 'a\nb\n@db\n@prod\n', stderr: ''});
	assert.deepEqual(await sandbox.run(['__complete', '--', '--config', tagged, 'ls', '@d']), {exitCode: 0, stdout: '@db\n', stderr: ''});
	// Words that commander would act on are only words here.
	assert.deepEqual(await sandbox.run(['__complete', '--', '--help', '--version', 'xyz']), {exitCode: 0, stdout: '', stderr: ''});
});

test('completion is a listed command, the callback is not; an unknown shell is a usage error', async () => {
	const help = await sandbox.run(['--help']);
	assert.match(help.stdout, /\n {2}completion <shell> /);
	assert.doesNotMatch(help.stdout, /__complete/);
	const unknown = await sandbox.run(['completion', 'tcsh']);
	assert.equal(unknown.exitCode, 2);
	assert.match(unknown.stderr, /Allowed choices are bash, zsh, fish/);
});

test('__complete time, for the record', async t => {
	for (const words of [['pr'], ['up', '']]) {
		const started = performance.now();
		await sandbox.run(['__complete', '--', ...words]);
		t.diagnostic(`tunnels __complete -- ${words.join(' ')}: ${Math.round(performance.now() - started)} ms`);
	}
});
