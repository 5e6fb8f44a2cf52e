// A shared profile runs no program without consent: its `ssh:` and `sshConfig:` keys name a program
// and a config file (`Match exec`, ProxyCommand) as surely as `options: {ProxyCommand: …}` does
// (issue 13, item 1). Every file they name is checked as the profile is.
import assert from 'node:assert/strict';
import {access, chmod, chown, mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {createSandbox, type Sandbox} from '../support/cli.js';

let sandbox: Sandbox;
let marker: string;
let fakeSsh: string;
let teamConfig: string;
before(async () => {
	sandbox = await createSandbox();
	const config = path.dirname(sandbox.profile);
	await mkdir(config, {recursive: true});
	marker = path.join(sandbox.dir, 'ran');
	fakeSsh = path.join(config, 'fake-ssh');
	await writeFile(fakeSsh, `#!/bin/sh\ntouch ${marker}\nexit 255\n`, {mode: 0o755});
	teamConfig = path.join(config, 'team_ssh_config');
	await writeFile(teamConfig, `Match exec "touch ${marker}"\nHost team\n  HostName 127.0.0.1\n  LocalForward 19951 127.0.0.2:1\n`, {mode: 0o644});
});
after(async () => sandbox.dispose());

async function ran(): Promise<boolean> {
	return access(marker).then(() => true, () => false);
}

async function profile(lines: readonly string[]): Promise<void> {
	await writeFile(sandbox.profile, [...lines, 'tunnels:', '  db:', '    host: 127.0.0.1', '    local: [19952:127.0.0.2:1]', ''].join('\n'), {mode: 0o600});
}

test('`ssh:` in a profile without allowCommands: up refuses, naming the key, and runs nothing', {timeout: 30_000}, async () => {
	await profile(['ssh: ./fake-ssh']);
	const up = await sandbox.run(['up', 'db']);
	assert.equal(up.exitCode, 2, up.stderr);
	assert.match(up.stderr, /tunnels\.yaml:1: error: ssh: names a program that tunnels runs/);
	assert.match(up.stderr, /allowCommands: true/);
	assert.equal(await ran(), false, 'the profile\'s ssh program ran');
});

test('`sshConfig:` in a profile without allowCommands: ls refuses and never runs ssh -G on it', {timeout: 30_000}, async () => {
	await profile(['sshConfig: ./team_ssh_config']);
	const ls = await sandbox.run(['ls']);
	assert.equal(ls.exitCode, 2, ls.stderr);
	assert.match(ls.stderr, /tunnels\.yaml:1: error: sshConfig: /);
	assert.equal(await ran(), false, 'Match exec of the profile\'s ssh config ran');
});

test('with consent, an ssh config file others may write (or another user\'s) is refused by name, from the profile or the environment', {timeout: 30_000}, async () => {
	await chmod(teamConfig, 0o666);
	try {
		await profile(['allowCommands: true', 'sshConfig: ./team_ssh_config']);
		const ls = await sandbox.run(['ls']);
		assert.equal(ls.exitCode, 2, ls.stderr);
		assert.match(ls.stderr, /team_ssh_config is writable by everyone/);
		assert.equal(await ran(), false, 'Match exec of a world-writable ssh config ran');

		await profile([]);
		const fromEnv = await sandbox.run(['ls'], {TUNNELS_SSH_CONFIG: teamConfig});
		assert.equal(fromEnv.exitCode, 2, fromEnv.stderr);
		assert.match(fromEnv.stderr, /team_ssh_config is writable by everyone/);
		assert.equal(await ran(), false);
	} finally {
		await chmod(teamConfig, 0o644);
	}

	if (process.getuid?.() !== 0) {
		test.skip?.('another user\'s file: needs root to chown');
		return;
	}

	await chown(teamConfig, 65_534, 65_534); // nobody
	await profile(['allowCommands: true', 'sshConfig: ./team_ssh_config']);
	const ls = await sandbox.run(['ls']);
	assert.equal(ls.exitCode, 2, ls.stderr);
	assert.match(ls.stderr, /team_ssh_config belongs to another user \(uid 65534\)/);
	assert.equal(await ran(), false, 'Match exec of another user\'s ssh config ran');
	await chown(teamConfig, 0, 0);
});

test('with consent, a program others may write is refused; a trusted one runs', {timeout: 30_000}, async () => {
	await chmod(fakeSsh, 0o777);
	await profile(['allowCommands: true', 'ssh: ./fake-ssh']);
	const up = await sandbox.run(['up', 'db']);
	assert.equal(up.exitCode, 2, up.stderr);
	assert.match(up.stderr, /fake-ssh is writable by everyone/);
	assert.equal(await ran(), false);

	await chmod(fakeSsh, 0o755);
	await sandbox.run(['up', 'db']);
	assert.equal(await ran(), true, 'a consented, trusted ssh program did not run');
});
