// A process that calls itself ssh (argv[0], as `exec -a ssh` sets it) but runs another program is
// not ssh: never listed as a tunnel, never killed as one.
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {createSandbox, type Sandbox} from '../support/cli.js';
import {isAlive, readProc, signal} from '../support/processes.js';
import {until} from '../support/wait.js';

let sandbox: Sandbox;
before(async () => {
	sandbox = await createSandbox({TUNNELS_SSH_CONFIG: 'none'});
	await mkdir(path.dirname(sandbox.profile), {recursive: true});
	await writeFile(sandbox.profile, 'tunnels:\n  db:\n    host: 127.0.0.1\n    local: [19906:127.0.0.2:3306]\n', {mode: 0o600});
});
after(async () => sandbox.dispose());

test('a same-user process started as `exec -a ssh` with a tunnel\'s arguments: not listed, not killed', {timeout: 30_000}, async () => {
	// python3 takes what follows `-c CODE` as its script's arguments: the command line reads as an
	// ssh with a forward and a ControlPath of ours, the program is python.
	const impostor = spawn('/usr/bin/python3', ['-c', 'import time; time.sleep(60)', '-N', '-L', '19907:127.0.0.2:3306', '-o', `ControlPath=${path.join(sandbox.env['TUNNELS_RUNTIME_DIR']!, 'gone')}`, '-o', 'ControlMaster=yes', '--', 'somehost'], {argv0: 'ssh', stdio: 'ignore'});
	const pid = impostor.pid!;
	try {
		await until(async () => (readProc(pid)?.argv[0] === 'ssh' ? true : undefined), 5000, () => 'the impostor did not start');
		const ls = await sandbox.run(['ls', '--json']);
		assert.equal(ls.exitCode, 0, ls.stderr);
		assert.ok(!ls.stdout.includes(`"pid": ${pid}`), `not listed: ${ls.stdout}`);

		const kill = await sandbox.run(['kill', String(pid)]);
		assert.match(kill.stderr, new RegExp(`refused: ${pid}: not an ssh process; nothing was signalled`));
		assert.equal(kill.exitCode, 1);
		assert.ok(isAlive(pid), 'the impostor still runs');
	} finally {
		signal(pid, 'SIGKILL');
	}
});
