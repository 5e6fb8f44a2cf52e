// Writers of one profile file at once lose nothing: each takes the file's lock, re-reads, applies,
// validates, writes a temporary file, fsyncs and renames (issue 13, item 8).
import assert from 'node:assert/strict';
import {mkdir, readFile, readdir, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {ownIdentity} from '../../src/proc/identity.js';
import {parseProfile} from '../../src/profile/parse.js';
import {createSandbox, type Sandbox} from '../support/cli.js';

let sandbox: Sandbox;
before(async () => {
	sandbox = await createSandbox({TUNNELS_SSH_CONFIG: 'none'});
	await mkdir(path.dirname(sandbox.profile), {recursive: true});
});
after(async () => sandbox.dispose());

function namesIn(text: string): string[] {
	const parsed = parseProfile(text, sandbox.profile, {isRoot: false, paths: {home: sandbox.dir, env: {}}});
	assert.equal(parsed.kind, 'ok', text);
	return parsed.kind === 'ok' ? parsed.profile.tunnels.map(tunnel => tunnel.name) : [];
}

test('16 imports into one file at once: every one that says added is in the file, and the file stays valid', {timeout: 120_000}, async () => {
	await writeFile(sandbox.profile, '# ours\ntunnels:\n', {mode: 0o600});
	const count = 16;
	const runs = await Promise.all(Array.from({length: count}, async (_, index) =>
		sandbox.run(['import', '--name', `t${index}`, '--', 'ssh', '-N', '-L', `${19_200 + index}:127.0.0.2:3306`, 'me@127.0.0.1'])));
	const added = runs.flatMap((run, index) => run.exitCode === 0 ? [`t${index}`] : []);
	const text = await readFile(sandbox.profile, 'utf8');
	const written = namesIn(text);
	assert.deepEqual(
		{added: added.length, written: [...written].sort()},
		{added: count, written: Array.from({length: count}, (_, index) => `t${index}`).sort()},
		runs.map(run => run.stderr).filter(stderr => stderr !== '').join(''),
	);
	assert.match(text, /^# ours\n/, 'the comment is kept');
	assert.deepEqual((await readdir(path.dirname(sandbox.profile))).filter(name => name !== 'tunnels.yaml'), [], 'no temporary or lock file is left');
});

test('16 writers at once, set, tag, forward add and import: every change that reported success is in the file, comments kept', {timeout: 120_000}, async () => {
	const tunnels = [0, 1, 2, 3].map(index => `  a${index}: # tunnel ${index}\n    host: 127.0.0.1\n    local: [${19_100 + index}:127.0.0.2:3306]\n`).join('');
	await writeFile(sandbox.profile, `# ours\ntunnels:\n${tunnels}`, {mode: 0o600});
	const commands = Array.from({length: 16}, (_, index) => {
		const tunnel = `a${Math.floor(index / 4)}`;
		switch (index % 4) {
			case 0: {
				return ['set', tunnel, 'description', `d${index}`];
			}

			case 1: {
				return ['tag', tunnel, `+g${index}`];
			}

			case 2: {
				return ['forward', 'add', tunnel, '-L', `${19_150 + index}:127.0.0.2:3306`];
			}

			default: {
				return ['import', '--name', `i${index}`, '--', 'ssh', '-N', '-L', `${19_250 + index}:127.0.0.2:3306`, 'me@127.0.0.1'];
			}
		}
	});
	const runs = await Promise.all(commands.map(async args => sandbox.run(args)));
	assert.deepEqual(runs.map(run => run.exitCode), commands.map(() => 0), runs.map(run => run.stderr).join(''));
	const text = await readFile(sandbox.profile, 'utf8');
	const parsed = parseProfile(text, sandbox.profile, {isRoot: false, paths: {home: sandbox.dir, env: {}}});
	assert.equal(parsed.kind, 'ok', text);
	const tunnel = (name: string) => (parsed.kind === 'ok' ? parsed.profile.tunnels.find(each => each.name === name) : undefined);
	for (const [index, args] of commands.entries()) {
		const name = args[1] === 'add' ? args[2]! : args[1]!;
		switch (index % 4) {
			case 0: {
				assert.equal(tunnel(name)?.description, `d${index}`, text);
				break;
			}

			case 1: {
				assert.deepEqual(tunnel(name)?.tags, [`g${index}`], text);
				break;
			}

			case 2: {
				assert.ok(tunnel(name)?.local.some(forward => forward.listen.kind === 'tcp' && forward.listen.port === 19_150 + index), text);
				break;
			}

			default: {
				assert.ok(tunnel(`i${index}`), text);
			}
		}
	}

	for (const index of [0, 1, 2, 3]) {
		assert.match(text, new RegExp(`a${index}:.*# tunnel ${index}\\n|# tunnel ${index}\\n`), 'each entry keeps its comment');
	}

	assert.match(text, /^# ours\n/);
});

test('a writer that cannot get the lock in time says so, exit 1, and writes nothing', {timeout: 60_000}, async () => {
	const before = '# ours\ntunnels:\n';
	await writeFile(sandbox.profile, before, {mode: 0o600});
	// This test process holds the lock, as a live writer would.
	const lock = `${sandbox.profile}.lock`;
	await writeFile(lock, JSON.stringify(await ownIdentity()), {mode: 0o600});
	try {
		const run = await sandbox.run(['import', '--', 'ssh', '-N', '-L', '19299:127.0.0.2:3306', 'me@127.0.0.1']);
		assert.equal(run.exitCode, 1, run.stderr);
		assert.match(run.stderr, new RegExp(`error: .*${path.basename(sandbox.profile)} is being written by another tunnels command \\(pid ${process.pid}\\); nothing was written`));
		assert.equal(await readFile(sandbox.profile, 'utf8'), before);
	} finally {
		await rm(lock, {force: true});
	}

	// A lock left by a writer that is gone (a PID that no process has) is taken over.
	await writeFile(lock, JSON.stringify({pid: 2 ** 22 + 7, startTicks: '1'}), {mode: 0o600});
	const run = await sandbox.run(['import', '--', 'ssh', '-N', '-L', '19299:127.0.0.2:3306', 'me@127.0.0.1']);
	assert.equal(run.exitCode, 0, run.stderr);
	assert.deepEqual(namesIn(await readFile(sandbox.profile, 'utf8')).length, 1);
});
