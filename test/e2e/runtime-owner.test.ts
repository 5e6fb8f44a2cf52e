// Without XDG_RUNTIME_DIR the sockets go under $TMPDIR/tunnels-UID, a name anyone can take first.
// Another user who made that directory, or a symlink there into the victim's ~/.ssh, gets a clear
// refusal from every command, and nothing is created inside.
import assert from 'node:assert/strict';
import {chmod, chown, lchown, mkdir, mkdtemp, readdir, rm, symlink, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {execa} from 'execa';
import {cliEnvironment} from '../support/cli.js';
import {binPath} from '../support/paths.js';
import {cannotMakeUsers, testUser, type TestUser} from '../support/users.js';

const skip = cannotMakeUsers();

describe('a runtime base that another user made', {skip}, () => {
	let sandbox: string;
	let victim: TestUser;
	let other: TestUser;
	let home: string;
	let tmp: string;
	let base: string;

	before(async () => {
		victim = testUser('tunnels-t-victim');
		other = testUser('tunnels-t-other');
		sandbox = await mkdtemp(path.join(os.tmpdir(), 'tunnels-owner-'));
		await chmod(sandbox, 0o755);
		home = path.join(sandbox, 'home');
		tmp = path.join(sandbox, 'tmp');
		await mkdir(path.join(home, '.ssh'), {recursive: true, mode: 0o700});
		await mkdir(tmp, {mode: 0o1777});
		await chmod(tmp, 0o1777);
		// The victim's profile: one tunnel to a closed port on loopback, should anything ever run.
		await writeFile(path.join(home, 'tunnels.yaml'), 'tunnels:\n  db:\n    host: 127.0.0.1\n    local: [19906:127.0.0.2:3306]\n', {mode: 0o600});
		await writeFile(path.join(home, '.ssh', 'config'), '# the victim\'s own\n', {mode: 0o600});
		for (const file of [home, path.join(home, '.ssh'), path.join(home, '.ssh', 'config'), path.join(home, 'tunnels.yaml')]) {
			await chown(file, victim.uid, victim.gid);
		}

		base = path.join(tmp, `tunnels-${victim.uid}`);
	});
	after(async () => rm(sandbox, {recursive: true, force: true}));

	/** `tunnels ARGS` as the victim, without XDG_RUNTIME_DIR, with its temporary directory in the sandbox. */
	async function asVictim(args: readonly string[]) {
		const run = await execa(process.execPath, [binPath, ...args], {
			env: cliEnvironment({HOME: home, TMPDIR: tmp, TUNNELS_CONFIG: path.join(home, 'tunnels.yaml'), TUNNELS_SSH_CONFIG: 'none'}),
			extendEnv: false, reject: false, stdin: 'ignore', timeout: 30_000, uid: victim.uid, gid: victim.gid, cwd: home,
		});
		return {exitCode: run.exitCode, stderr: run.stderr, stdout: run.stdout};
	}

	const commands = [['ls'], ['prune', '--dry-run'], ['kill', '4194303'], ['down', 'db'], ['up', 'db']];

	for (const mode of [0o700, 0o777]) {
		test(`a directory of another user's, mode ${mode.toString(8)}: every command refuses, naming it and the fix; nothing is made inside`, async () => {
			await mkdir(base, {mode});
			await chmod(base, mode);
			await chown(base, other.uid, other.gid);
			try {
				for (const args of commands) {
					const run = await asVictim(args);
					assert.equal(run.exitCode, 2, `tunnels ${args.join(' ')}: ${run.stderr}`);
					assert.match(run.stderr, new RegExp(`^error: ${base.replaceAll('/', '\\/')} belongs to uid ${other.uid}, not to you`, 'm'), args.join(' '));
					assert.match(run.stderr, /XDG_RUNTIME_DIR|TUNNELS_RUNTIME_DIR/, args.join(' '));
				}

				assert.deepEqual(await readdir(base), [], 'nothing was created inside');
			} finally {
				await rm(base, {recursive: true, force: true});
			}
		});
	}

	test('a symlink there into the victim\'s ~/.ssh: every command refuses; nothing is made in ~/.ssh', async () => {
		await symlink(path.join(home, '.ssh'), base);
		await lchown(base, other.uid, other.gid);
		try {
			for (const args of commands) {
				const run = await asVictim(args);
				assert.equal(run.exitCode, 2, `tunnels ${args.join(' ')}: ${run.stderr}`);
				assert.match(run.stderr, new RegExp(`^error: ${base.replaceAll('/', '\\/')} is not a directory`, 'm'), args.join(' '));
			}

			assert.deepEqual(await readdir(path.join(home, '.ssh')), ['config'], 'nothing was created in ~/.ssh');
		} finally {
			await rm(base, {force: true});
		}
	});
});
