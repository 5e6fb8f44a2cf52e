// What a person reads is shown, never obeyed (issue 13, item 11): a shared profile's host, another
// process's argv or a typed word holding ESC ] 52 (set the clipboard) or ESC [ 2J (clear the screen)
// reached the terminal raw through validation errors, "taken by pid N (…)" and commander's errors.
// The real binary, no terminal: what it writes is what a terminal would get.
import assert from 'node:assert/strict';
import {mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {execa} from 'execa';
import {createSandbox, type Sandbox} from '../support/cli.js';
import {freePort, waitForPort} from '../support/echo-server.js';

const T = {timeout: 60_000};
const clipboard = '\u001B]52;c;cm0gLXJmIH4K\u0007';
const shown = String.raw`\x1b]52;c;cm0gLXJmIH4K\x07`;

/** Nothing a terminal would act on: no ESC, no BEL, no C1 control. */
function assertNoControls(text: string, what: string): void {
	assert.doesNotMatch(text, /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/, `${what}: ${JSON.stringify(text)}`);
}

let sandbox: Sandbox;
before(async () => {
	sandbox = await createSandbox({TUNNELS_SSH_CONFIG: 'none'});
	await mkdir(path.dirname(sandbox.profile), {recursive: true});
});
after(async () => sandbox.dispose());

test('a host and a tunnel key holding escapes are written out in the validation errors', T, async () => {
	const text = `tunnels:\n  db:\n    host: "h${clipboard}"\n    local: [9906:x:3306]\n    "k\\e[2J": 1\n`;
	await writeFile(sandbox.profile, text, {mode: 0o600});
	const ls = await sandbox.run(['ls']);
	assert.equal(ls.exitCode, 2, ls.stderr);
	assertNoControls(ls.stdout + ls.stderr, 'ls');
	assert.ok(ls.stderr.includes(`\`h${shown}\` is not a host name or address`), ls.stderr);
	assert.ok(ls.stderr.includes(`unknown key \`k${String.raw`\x1b[2J`}\``), ls.stderr);
});

test('a port held by a process whose argv holds escapes: "taken by pid N (…)" writes them out', T, async () => {
	const port = await freePort();
	const holder = execa(process.execPath, ['-e', `require('net').createServer().listen(${port}, '127.0.0.1')`, clipboard], {reject: false, stdin: 'ignore'});
	try {
		await waitForPort('127.0.0.1', port, 10_000);
		await writeFile(sandbox.profile, `tunnels:\n  busy:\n    host: 127.0.0.1\n    local: [${port}:127.0.0.2:22]\n`, {mode: 0o600});
		const up = await sandbox.run(['up', 'busy']);
		assert.equal(up.exitCode, 1, up.stderr);
		assertNoControls(up.stdout + up.stderr, 'up');
		assert.match(up.stderr, new RegExp(`is taken by pid ${holder.pid} \\(.*node.*${shown.replaceAll('\\', '\\\\')}.*\\); nothing was started`));
	} finally {
		holder.kill('SIGKILL');
		await holder;
	}
});

test('a word typed on the command line comes back written out in commander\'s error', T, async () => {
	const typo = await sandbox.run([`prnt${clipboard}`]);
	assert.equal(typo.exitCode, 2);
	assertNoControls(typo.stderr, 'unknown command');
	assert.ok(typo.stderr.includes(`unknown command 'prnt${shown}'`), typo.stderr);
});
