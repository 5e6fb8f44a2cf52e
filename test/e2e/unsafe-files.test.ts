// Files that are not what they seem: the tool neither hangs on them, nor reads them without end.
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {lstat, mkdir, mkdtemp, readFile, readdir, readlink, rm, stat, symlink, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {execa} from 'execa';
import {cliEnvironment, createSandbox, type Sandbox} from '../support/cli.js';
import {binPath} from '../support/paths.js';

let sandbox: Sandbox;
before(async () => {
	sandbox = await createSandbox();
	await mkdir(path.dirname(sandbox.profile), {recursive: true});
	await writeFile(sandbox.profile, 'tunnels:\n  db:\n    host: h\n    local: [9906:127.0.0.2:3306]\n', {mode: 0o600});
});
after(async () => sandbox.dispose());

/** `tunnels ARGS` with a bound of its own: a command that hangs fails the test instead of holding it. */
async function runBounded(args: readonly string[], env: Record<string, string>) {
	const run = await execa(process.execPath, [binPath, ...args], {
		env: cliEnvironment({...sandbox.env, ...env}), extendEnv: false, reject: false, stdin: 'ignore', timeout: 15_000,
	});
	assert.ok(!run.timedOut, `tunnels ${args.join(' ')} hung (killed after 15 s)`);
	return run;
}

test('an ssh config that is a FIFO, a device or huge: ls warns, names the file, and lists the profile', {timeout: 60_000}, async () => {
	const fifo = path.join(sandbox.dir, 'config-fifo');
	assert.equal(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo');
	const huge = path.join(sandbox.dir, 'config-huge');
	await writeFile(huge, `Host a\n  LocalForward 1 x:2\n${'# padding\n'.repeat(200_000)}`);
	const cases = [
		[fifo, /warning: .*config-fifo: not a regular file \(a FIFO\)/],
		['/dev/zero', /warning: \/dev\/zero: not a regular file \(a character device\)/],
		[huge, /warning: .*config-huge: larger than 1 MiB/],
	] as const;
	for (const [file, warning] of cases) {
		const ls = await runBounded(['ls'], {TUNNELS_SSH_CONFIG: file});
		assert.equal(ls.exitCode, 0, ls.stderr);
		assert.match(ls.stderr, warning);
		assert.match(ls.stdout, /^db +down/m);
	}
});

test('a runtime directory of non-ASCII characters: socket paths are counted in bytes, the hashed name is used', {timeout: 30_000}, async () => {
	// 27 characters, 53 bytes (`隧` is 3 bytes), then the profile's own 8-character directory; with a
	// 48-character tunnel name the readable path is 85 characters but 111 bytes, more than a Unix
	// socket holds, and the hashed one 77 bytes.
	const short = await mkdtemp('/tmp/t-');
	try {
		const runtime = path.join(short, '隧'.repeat(13));
		const name = 'a'.repeat(48);
		const profile = path.join(short, 'tunnels.yaml');
		await writeFile(profile, `tunnels:\n  ${name}:\n    host: h\n    local: [9906:127.0.0.2:3306]\n`, {mode: 0o600});
		const env = {TUNNELS_CONFIG: profile, TUNNELS_RUNTIME_DIR: runtime, TUNNELS_SSH_CONFIG: 'none'};
		const ls = await runBounded(['ls'], env);
		assert.equal(ls.exitCode, 0, ls.stderr);
		assert.match(ls.stdout, new RegExp(`^${name} +down`, 'm'));
		const print = await runBounded(['print', '--json', name], env);
		assert.equal(print.exitCode, 0, print.stderr);
		const controlPath = (JSON.parse(print.stdout) as string[]).find(arg => arg.startsWith('ControlPath='))?.slice('ControlPath='.length) ?? '';
		assert.match(controlPath, /\/h-[\da-f]{12}$/);
		assert.ok(Buffer.byteLength(controlPath) <= 80, `${Buffer.byteLength(controlPath)} bytes`);
	} finally {
		await rm(short, {recursive: true, force: true});
	}
});

test('import into a profile file that is a symlink: written through to its target, the link and the mode kept', {timeout: 30_000}, async () => {
	const dotfiles = path.join(sandbox.dir, 'dotfiles');
	await mkdir(dotfiles, {recursive: true});
	const target = path.join(dotfiles, 'tunnels.yaml');
	await writeFile(target, '# shared from my dotfiles\ntunnels: {}\n', {mode: 0o640});
	const link = path.join(sandbox.dir, 'linked', 'tunnels.yaml');
	await mkdir(path.dirname(link), {recursive: true});
	await symlink(path.relative(path.dirname(link), target), link);
	const imported = await runBounded(['--config', link, 'import', '--', 'ssh', '-N', '-L', '19906:127.0.0.2:3306', 'me@127.0.0.1'], {});
	assert.equal(imported.exitCode, 0, imported.stderr);
	assert.ok((await lstat(link)).isSymbolicLink(), 'the profile path is still a symlink');
	assert.equal(await readlink(link), path.relative(path.dirname(link), target), 'to the same target');
	assert.match(await readFile(target, 'utf8'), /^# shared from my dotfiles\n[\s\S]*19906:127\.0\.0\.2:3306/);
	assert.equal((await stat(target)).mode & 0o777, 0o640, 'the target keeps its mode');
	assert.deepEqual((await readdir(dotfiles)).sort(), ['tunnels.yaml'], 'no temporary file left');
});
