// The profile file when the system says no: a full disk, no permission, an alias bomb, a command
// line the kernel refuses, an output nobody reads or that cannot be written. Each is said clearly,
// naming the file or the limit, and the file is intact.
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {existsSync} from 'node:fs';
import {chmod, chown, mkdir, mkdtemp, open, readFile, readdir, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {execa} from 'execa';
import {cliEnvironment, createSandbox, type Sandbox} from '../support/cli.js';
import {binPath} from '../support/paths.js';
import {cannotMakeUsers, testUser} from '../support/users.js';

const profileText = '# mine\ntunnels:\n  db:\n    host: 127.0.0.1\n    local: [19906:127.0.0.2:3306]\n';
const importArgs = ['import', '--', 'ssh', '-N', '-L', '19907:127.0.0.2:3306', 'me@127.0.0.1'];

let sandbox: Sandbox;
before(async () => {
	sandbox = await createSandbox({TUNNELS_SSH_CONFIG: 'none'});
});
after(async () => sandbox.dispose());

test('a full disk: import says so, naming the file, exit 1; the file is intact and no temporary file is left', {timeout: 30_000}, async t => {
	if (process.getuid?.() !== 0) {
		t.skip('needs root: a small tmpfs of its own (unshare --mount) to fill');
		return;
	}

	const dir = await mkdtemp(path.join(os.tmpdir(), 'tunnels-full-'));
	try {
		// In a mount namespace of its own: a 64 KiB tmpfs with the profile, filled up, then the import.
		const script = [
			'set -e',
			'mount -t tmpfs -o size=64k tmpfs "$1"',
			'printf "%s" "$2" > "$1/tunnels.yaml"',
			'chmod 600 "$1/tunnels.yaml"',
			'dd if=/dev/zero of="$1/filler" bs=4k 2>/dev/null || true',
			'shift 2',
			'set +e',
			'"$@"',
			'echo "exit=$?" >&2',
			'echo "--- profile:" >&2; cat "$TUNNELS_CONFIG" >&2',
			'echo "--- files:" >&2; ls -A "$(dirname "$TUNNELS_CONFIG")" >&2',
		].join('\n');
		const run = await execa('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script, 'sh', dir, profileText, process.execPath, binPath, ...importArgs], {
			env: cliEnvironment({...sandbox.env, TUNNELS_CONFIG: path.join(dir, 'tunnels.yaml')}), extendEnv: false, reject: false, timeout: 20_000,
		});
		if (/unshare failed|mount: .*permission denied/i.test(run.stderr)) {
			t.skip(`cannot mount a tmpfs here: ${run.stderr}`);
			return;
		}

		assert.match(run.stderr, new RegExp(`^error: cannot write ${dir}/tunnels\\.yaml: no space left on the device \\(ENOSPC\\); nothing was changed`, 'm'));
		assert.match(run.stderr, /^exit=1$/m);
		assert.ok(run.stderr.includes(`--- profile:\n${profileText}--- files:\n`), run.stderr);
		assert.match(run.stderr, /--- files:\nfiller\ntunnels\.yaml\n?$/, 'no temporary file left');
	} finally {
		await rm(dir, {recursive: true, force: true});
	}
});

test('no permission to read or to write beside the profile file: said, naming the file; nothing changes', {timeout: 30_000, skip: cannotMakeUsers()}, async () => {
	const user = testUser('tunnels-t-victim');
	const dir = await mkdtemp(path.join(os.tmpdir(), 'tunnels-eacces-'));
	try {
		await chmod(dir, 0o755); // root's: the user may read in it, not create
		const profile = path.join(dir, 'tunnels.yaml');
		await writeFile(profile, profileText, {mode: 0o600});
		await chown(profile, user.uid, user.gid);
		const home = path.join(dir, 'home');
		await mkdir(home, {mode: 0o700});
		await chown(home, user.uid, user.gid);
		const asUser = async (args: readonly string[]) => execa(process.execPath, [binPath, ...args], {
			env: cliEnvironment({HOME: home, TUNNELS_CONFIG: profile, TUNNELS_RUNTIME_DIR: path.join(home, 'run'), TUNNELS_SSH_CONFIG: 'none'}),
			extendEnv: false, reject: false, stdin: 'ignore', timeout: 20_000, uid: user.uid, gid: user.gid, cwd: home,
		});

		const write = await asUser(importArgs);
		assert.equal(write.exitCode, 2, write.stderr);
		assert.match(write.stderr, new RegExp(`^error: cannot write ${profile.replaceAll('.', '\\.')}: permission denied \\(EACCES\\); nothing was changed`, 'm'));
		assert.equal(await readFile(profile, 'utf8'), profileText);
		assert.deepEqual((await readdir(dir)).sort(), ['home', 'tunnels.yaml']);

		await chmod(profile, 0o200); // the user's own, and not readable
		const read = await asUser(['ls']);
		assert.equal(read.exitCode, 2, read.stderr);
		assert.match(read.stderr, new RegExp(`^error: cannot read ${profile.replaceAll('.', '\\.')}: permission denied \\(EACCES\\)`, 'm'));
	} finally {
		await rm(dir, {recursive: true, force: true});
	}
});

test('an alias bomb in the profile: an error of the file, exit 2', {timeout: 30_000}, async () => {
	const levels = 'bcdefghi'.split('');
	await mkdir(path.dirname(sandbox.profile), {recursive: true});
	await writeFile(sandbox.profile, [
		'a: &a ["x","x","x","x","x","x","x","x","x"]',
		...levels.map((name, index) => `${name}: &${name} [${Array.from({length: 9}, () => `*${index === 0 ? 'a' : levels[index - 1]}`).join(',')}]`),
		'tunnels: {}',
	].join('\n'), {mode: 0o600});
	const ls = await sandbox.run(['ls']);
	assert.equal(ls.exitCode, 2, ls.stderr);
	assert.match(ls.stderr, /tunnels\.yaml:2: error: YAML: too many aliases to expand \(bound: 100\)/);
});

test('an ssh command line longer than the kernel takes (E2BIG): said with the limit, exit 1, nothing run', {timeout: 30_000}, async () => {
	await mkdir(path.dirname(sandbox.profile), {recursive: true});
	await writeFile(sandbox.profile, `tunnels:\n  huge:\n    host: ${'a'.repeat(200_000)}\n    local: [19908:127.0.0.2:3306]\n`, {mode: 0o600});
	const up = await sandbox.run(['up', 'huge']);
	assert.equal(up.exitCode, 1, up.stderr.slice(0, 500));
	assert.match(up.stderr, /^error: huge: the ssh command line has an argument of 200000 bytes; the system takes at most 131071 bytes in one argument\n/);
	assert.ok(!up.stderr.includes('undefined'), up.stderr);
	assert.ok(up.stderr.length < 1000, 'the command line is not printed whole');
});

/**
 * Runs the binary with its standard output on `stdout`, or on a pipe whose reading end is closed
 * before it starts (as `tunnels ls | head` after head has gone).
 */
async function runWith(args: readonly string[], stdout?: number): Promise<{exitCode: number | null; stderr: string}> {
	const child = spawn(process.execPath, [binPath, ...args], {env: cliEnvironment(sandbox.env), stdio: ['ignore', stdout ?? 'pipe', 'pipe']});
	child.stdout?.destroy();
	let stderr = '';
	child.stderr!.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	const [exitCode] = await once(child, 'close') as [number | null];
	return {exitCode, stderr};
}

test('a reader that went away (`tunnels … | head`): no stack trace, and the command is done whole', {timeout: 30_000}, async () => {
	await rm(sandbox.profile, {force: true});
	const imported = await runWith(importArgs);
	assert.equal(imported.stderr, '');
	assert.equal(imported.exitCode, 0);
	assert.match(await readFile(sandbox.profile, 'utf8'), /19907:127\.0\.0\.2:3306/, 'the import wrote the profile although nobody read what it said');
	const listed = await runWith(['ls', '--json']);
	assert.equal(listed.stderr, '');
	assert.equal(listed.exitCode, 0);
});

test('standard output on a full disk: said in one line, exit 74 (EX_IOERR)', {timeout: 30_000}, async t => {
	if (!existsSync('/dev/full')) {
		t.skip('no /dev/full here');
		return;
	}

	await writeFile(sandbox.profile, profileText, {mode: 0o600});
	const full = await open('/dev/full', 'w');
	try {
		const run = await runWith(['ls', '--json'], full.fd);
		assert.equal(run.stderr, 'error: cannot write to standard output: no space left on the device (ENOSPC)\n');
		assert.equal(run.exitCode, 74);
	} finally {
		await full.close();
	}
});
