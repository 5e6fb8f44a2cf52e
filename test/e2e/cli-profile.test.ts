import assert from 'node:assert/strict';
import {chmod, copyFile, mkdir, readFile, readdir, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {socketDirectoryPath} from '../../src/mux/control-path.js';
import {createSandbox, type Sandbox} from '../support/cli.js';
import {fixturesDirectory} from '../support/paths.js';

// `ls` and a name the profile does not have read the ssh config for its tunnels: never the user's
// (`-F none`: ssh reads no config file).
const noSshConfig = {TUNNELS_SSH_CONFIG: 'none'};

let sandbox: Sandbox;
before(async () => {
	sandbox = await createSandbox();
});
after(async () => sandbox.dispose());

test('with nothing configured, ls explains how to start and init writes a working example', async () => {
	const first = await sandbox.run([], noSshConfig);
	assert.equal(first.exitCode, 0);
	assert.match(first.stdout, /^No profile file yet at .*tunnels\.yaml\.\nStart with the example: tunnels init\n/);

	const typo = await sandbox.run(['prnt', 'x']);
	assert.equal(typo.exitCode, 2);
	assert.match(typo.stderr, /^error: unknown command 'prnt'; did you mean 'print'\?\n/);

	const init = await sandbox.run(['init']);
	assert.equal(init.exitCode, 0, init.stderr);
	const again = await sandbox.run(['init']);
	assert.equal(again.exitCode, 2);
	assert.match(again.stderr, /already exists; nothing was written/);

	const ls = await sandbox.run(['ls'], noSshConfig);
	assert.equal(ls.exitCode, 0, ls.stderr);
	assert.match(ls.stdout, /^NAME +STATE +PID +UP +FORWARD +VIA\nmysql-b +down +L 127\.0\.0\.1:9906 → 10\.1\.0\.2:3306 +root@10\.1\.0\.2\n/);
	const minimal = await sandbox.run(['print', 'mysql-c-via-b', '--minimal']);
	assert.equal(minimal.stdout, 'ssh -g -f -N -L 9906:10.1.0.3:3306 root@10.1.0.2\n');
});

test('print shows the exact line, --json the argv, --minimal what a person types', async () => {
	const config = path.join(fixturesDirectory, 'profiles', 'scenarios.yaml');
	// `~` in the profile is the home directory of the password database (ssh's, not $HOME): `{home}` in the expected lines.
	const expectedText = (await readFile(path.join(fixturesDirectory, 'profiles', 'scenarios.expected.json'), 'utf8')).replaceAll('{home}', os.userInfo().homedir);
	// Under TUNNELS_RUNTIME_DIR=/run/t, the profile file's own directory (a hash of its path, wherever the checkout is).
	const sockets = socketDirectoryPath({env: {TUNNELS_RUNTIME_DIR: '/run/t'}, uid: 0, tmpdir: '/tmp', profilePath: config}).directory;
	const expected = JSON.parse(expectedText.replaceAll('/run/t/', `${sockets}/`)) as {tunnels: Record<string, {minimal: string; managed: string}>};
	for (const [name, lines] of Object.entries(expected.tunnels)) {
		const managed = await sandbox.run(['--config', config, 'print', name], {TUNNELS_RUNTIME_DIR: '/run/t'});
		assert.deepEqual(managed, {exitCode: 0, stdout: `${lines.managed}\n`, stderr: ''}, name);
		const minimal = await sandbox.run(['--config', config, 'print', '--minimal', name]);
		assert.equal(minimal.stdout, `${lines.minimal}\n`, name);
	}

	const json = await sandbox.run(['--config', config, '--ssh', '/opt/bin/ssh', '--ssh-config', '/t/cfg', 'print', '--json', 'mysql-b'], {TUNNELS_RUNTIME_DIR: '/run/t'});
	assert.deepEqual(JSON.parse(json.stdout), ['/opt/bin/ssh', '-F', '/t/cfg', '-E', `${sockets}/.state/mysql-b.log`, '-f', '-N', '-o', 'ExitOnForwardFailure=yes', '-o', 'ControlMaster=yes', '-o', `ControlPath=${sockets}/mysql-b`, '-o', 'ControlPersist=no', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=15', '-o', 'ServerAliveInterval=15', '-o', 'ServerAliveCountMax=3', '-L', '9906:10.1.0.2:3306', '--', 'root@10.1.0.2']);
	const fromEnv = await sandbox.run(['--config', config, 'print', '--json', 'mysql-b'], {TUNNELS_SSH: '/env/ssh', TUNNELS_SSH_CONFIG: '/env/cfg'});
	assert.deepEqual(JSON.parse(fromEnv.stdout).slice(0, 3), ['/env/ssh', '-F', '/env/cfg']);

	const missing = await sandbox.run(['--config', config, 'print', 'nope'], noSshConfig);
	assert.equal(missing.exitCode, 2);
	assert.match(missing.stderr, /^error: no tunnel `nope` in .*scenarios\.yaml\n {2}hint: tunnels here: mysql-b, mysql-from-nat, /);
});

test('every broken profile gives its exact errors, exit status 2, and runs nothing', async () => {
	const directory = path.join(fixturesDirectory, 'broken');
	const files = (await readdir(directory)).filter(file => file.endsWith('.yaml'));
	assert.ok(files.length >= 10);
	for (const file of files) {
		const config = path.join(directory, file);
		const expected = (await readFile(config.replace(/\.yaml$/, '.expected'), 'utf8')).replaceAll('{file}', config);
		const result = await sandbox.run(['--config', config, 'print', 'db']);
		assert.deepEqual(result, {exitCode: 2, stdout: '', stderr: expected}, file);
	}
});

test('a profile file others can write is refused, as ssh refuses its config', async () => {
	const config = path.join(sandbox.dir, 'shared.yaml');
	await copyFile(path.join(fixturesDirectory, 'profiles', 'scenarios.yaml'), config);
	await chmod(config, 0o664);
	const result = await sandbox.run(['--config', config, 'print', 'mysql-b']);
	assert.equal(result.exitCode, 2);
	assert.equal(result.stderr, `error: ${config} is writable by its group: refusing to run ssh from it\n  hint: run: chmod go-w ${config}\n`);
	await chmod(config, 0o600);
	assert.equal((await sandbox.run(['--config', config, 'print', 'mysql-b'])).exitCode, 0);
});

test('import adds the pasted command to the file, keeping it, and refuses what it cannot represent', async () => {
	const config = path.join(sandbox.dir, 'import', 'tunnels.yaml');
	await mkdir(path.dirname(config));
	const original = '# hand-written\ntunnels:\n  db:              # aligned comment\n    host: 10.1.0.2\n    local: [9906:10.1.0.2:3306]\n';
	await writeFile(config, original, {mode: 0o600});

	const added = await sandbox.run(['--config', config, 'import', '--', 'ssh', '-g', '-f', '-NL', '0.0.0.0:23306:192.168.4.94:3306', 'user@host']);
	assert.equal(added.exitCode, 0, added.stderr);
	assert.equal(added.stdout, `added tunnel host-23306 to ${config}\n  ssh -g -f -N -L 0.0.0.0:23306:192.168.4.94:3306 user@host\n`);
	const text = await readFile(config, 'utf8');
	assert.ok(text.startsWith(original), text);

	const quoted = await sandbox.run(['--config', config, 'import', '--name', 'pg', 'ssh -f -N -L 5433:db:5432 -o "ServerAliveInterval 10" me@bastion']);
	assert.equal(quoted.exitCode, 0, quoted.stderr);
	const print = await sandbox.run(['--config', config, 'print', '--minimal', 'pg']);
	assert.equal(print.stdout, 'ssh -f -N -o ServerAliveInterval=10 -o ServerAliveCountMax=3 -L 5433:db:5432 me@bastion\n');

	const before = await readFile(config, 'utf8');
	const refusals: Array<[string[], RegExp]> = [
		[['--name', 'pg', 'ssh -L 1:a:2 h'], /^error: tunnel `pg` already exists in .*; nothing was written/],
		// The same command again: the file says which tunnel it is (--name adds a copy).
		[['--', 'ssh', '-f', '-g', '-N', '-L', '0.0.0.0:23306:192.168.4.94:3306', '-l', 'user', 'host'], /^error: this command is already tunnel `host-23306` in .*; nothing was written\n {2}hint: start it with tunnels up host-23306, or add a copy under another name with --name\n$/],
		[['--', 'ssh', '-D', '1080:x:1', 'h'], /^error: cannot import: -D 1080:x:1: `1080:x:1` is not a SOCKS listener: a dynamic forward has no target\n {2}hint: a dynamic forward is \[bind:\]port or a socket path/],
		[['--', 'ssh', '-L', '1:a:2', '--', '-oProxyCommand=x'], /host: `-oProxyCommand=x` is not a host name or address/],
		[['scp -L 1:a:2 h'], /^error: cannot import: `scp` is not ssh/],
		[['ssh -L 1:a:2 h; reboot'], /^error: cannot import: `;` would make a shell do more than run ssh/],
	];
	for (const [args, message] of refusals) {
		const result = await sandbox.run(['--config', config, 'import', ...args]);
		assert.equal(result.exitCode, 2, args.join(' '));
		assert.match(result.stderr, message);
	}

	assert.equal(await readFile(config, 'utf8'), before);
});
