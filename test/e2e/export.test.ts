// Every export format read by the program that reads it, against a real sshd on 127.0.0.1 and an
// echo server on 127.0.0.2: ssh -G and a real forward from the Host block, systemd-analyze verify on
// the unit, Python's plistlib on the plist (then its ProgramArguments run as they are), and the
// autossh line run by a shell. Every process a test starts is stopped by PID in its finally.
import assert from 'node:assert/strict';
import {copyFile, mkdir, readFile, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {after, before, describe, test, type TestContext} from 'node:test';
import {setTimeout as sleep} from 'node:timers/promises';
import {execa} from 'execa';
import {createSandbox, type Sandbox} from '../support/cli.js';
import {freePort, roundTrip, startEchoServer, waitForPort, type EchoServer} from '../support/echo-server.js';
import {isAlive} from '../support/processes.js';
import {startSshd, type TestSshd} from '../support/sshd.js';
import {processTable} from '../support/processes.js';

const T = {timeout: 60_000};

describe('tunnels export, read by the tools that read each format', () => {
	let sshd: TestSshd | undefined;
	let echo: EchoServer | undefined;
	let sandbox: Sandbox | undefined;
	/** the test client key, copied to a path that every format must quote or escape */
	let trickyKey = '';

	before(async () => {
		[sshd, echo, sandbox] = await Promise.all([startSshd(), startEchoServer('127.0.0.2'), createSandbox()]);
		trickyKey = path.join(sandbox.dir, 'my keys', '<id&1>');
		await mkdir(path.dirname(trickyKey), {recursive: true});
		await copyFile(sshd.identityFile, trickyKey);
	});
	after(async () => {
		await Promise.allSettled([sshd?.dispose(), echo?.close()]);
		await sandbox?.dispose();
	});

	/** Writes the profile with one tunnel forwarding a fresh port to the echo server; returns that port. */
	async function profileWith(name: string, fields: Record<string, unknown>, settings: Record<string, unknown> = {}): Promise<number> {
		assert.ok(sandbox && echo && sshd);
		const port = await freePort();
		const tunnel = {
			description: '100% tricky: <a> & "b"',
			local: [`${port}:127.0.0.2:${echo.port}`],
			// A space and a `%` token, as ssh_config writes a list of known-hosts files.
			options: {UserKnownHostsFile: `${sshd.knownHostsFile} ${sandbox.dir}/known_hosts.d/%k`},
			...fields,
		};
		await mkdir(path.dirname(sandbox.profile), {recursive: true});
		await writeFile(sandbox.profile, JSON.stringify({allowCommands: true, ...settings, tunnels: {[name]: tunnel}}, undefined, 2));
		return port;
	}

	async function exported(name: string, format: string): Promise<string> {
		assert.ok(sandbox);
		const result = await sandbox.run(['export', name, '--as', format]);
		assert.equal(result.exitCode, 0, result.stderr);
		assert.equal(result.stderr, '');
		return result.stdout;
	}

	test('an unknown format is a usage error; a unit needs an ssh that exists', T, async () => {
		assert.ok(sandbox && sshd);
		await profileWith('mysql-b', {host: sshd.host});
		const unknown = await sandbox.run(['export', 'mysql-b', '--as', 'cron']);
		assert.equal(unknown.exitCode, 2);
		assert.match(unknown.stderr, /argument 'cron' is invalid\. Allowed choices are systemd, launchd, autossh, ssh-config\./);
		assert.equal(unknown.stdout, '');

		const missing = await sandbox.run(['--ssh', 'no-such-ssh', 'export', 'mysql-b', '--as', 'systemd']);
		assert.equal(missing.exitCode, 2);
		assert.match(missing.stderr, /^error: `no-such-ssh` is not an executable file in PATH, and a systemd file must name ssh by its absolute path\n {2}hint: pass --ssh /m);
		// autossh and ssh-config do not name the binary by path: no lookup. Without an ssh to ask
		// how the host is reached, the block names it as written, and says so.
		const unasked = await sandbox.run(['--ssh', 'no-such-ssh', 'export', 'mysql-b', '--as', 'ssh-config']);
		assert.equal(unasked.exitCode, 0);
		assert.match(unasked.stderr, /^warning: ssh -G testhost failed \(no-such-ssh: .*\): the block says HostName testhost as written; if testhost is a Host of your ssh config, its HostName, Port, User and IdentityFile are not carried\n$/);
		assert.match(unasked.stdout, /^\tHostName testhost$/m);
	});

	test('several tunnels (names, @TAG): one block or line each, in order; a unit file is one per tunnel, so several are refused', T, async () => {
		assert.ok(sandbox && sshd);
		await mkdir(path.dirname(sandbox.profile), {recursive: true});
		await writeFile(sandbox.profile, JSON.stringify({tunnels: {
			a: {host: 'testhost', local: ['7101:127.0.0.2:1'], tags: ['db']},
			b: {host: 'testhost', local: ['7102:127.0.0.2:2']},
			c: {host: 'testhost', local: ['7103:127.0.0.2:3'], tags: ['db']},
		}}, undefined, 2));
		const lines = await sandbox.run(['export', '@db', 'b', '--as', 'autossh']);
		assert.equal(lines.exitCode, 0, lines.stderr);
		assert.deepEqual(lines.stdout.trimEnd().split('\n').map(line => /-L (\d+):/.exec(line)?.[1]), ['7101', '7103', '7102']);
		const blocks = await sandbox.run(['--ssh', 'no-such-ssh', 'export', 'a', 'b', '--as', 'ssh-config']);
		assert.equal(blocks.exitCode, 0, blocks.stderr);
		assert.deepEqual([...blocks.stdout.matchAll(/^Host (\S+)$/gm)].map(match => match[1]), ['tunnels-a', 'tunnels-b']);
		const units = await sandbox.run(['export', '@db', '--as', 'systemd']);
		assert.equal(units.exitCode, 2);
		assert.equal(units.stdout, '');
		assert.match(units.stderr, /^error: a systemd file is one per tunnel, and 2 tunnels were named \(a, c\)\n {2}hint: .*tunnels service install/);
	});

	test('ssh-config: ssh -G reads the block, and the forward comes up from it', T, async () => {
		assert.ok(sandbox && sshd && echo);
		// The test's own ssh config, not the user's: export asks ssh -G how the host is reached.
		const port = await profileWith('via-block', {host: '127.0.0.1', user: sshd.user, port: sshd.port, identityFile: trickyKey}, {sshConfig: sshd.sshConfigFile});
		const block = await exported('via-block', 'ssh-config');
		assert.match(block, /^\tIdentityFile ".*\/my keys\/<id&1>"$/m);
		// The block first (ssh keeps the first value), then the test client's settings for any host:
		// StrictHostKeyChecking, BatchMode, IdentitiesOnly.
		const config = path.join(sandbox.dir, 'exported_ssh_config');
		await writeFile(config, `${block}\nHost *\nInclude "${sshd.sshConfigFile}"\n`);

		const resolved = await execa('ssh', ['-G', '-F', config, 'tunnels-via-block'], {reject: false, stdin: 'ignore', timeout: 10_000});
		assert.equal(resolved.exitCode, 0, resolved.stderr);
		const lines = resolved.stdout.split('\n');
		for (const expected of [
			`localforward ${port} [127.0.0.2]:${echo.port}`,
			'hostname 127.0.0.1',
			`port ${sshd.port}`,
			`user ${sshd.user}`,
			`identityfile ${trickyKey}`,
			`userknownhostsfile ${sshd.knownHostsFile} ${sandbox.dir}/known_hosts.d/tunnels-via-block`,
			'exitonforwardfailure yes',
			'serveraliveinterval 15',
			'serveralivecountmax 3',
			'controlmaster false',
		]) {
			assert.ok(lines.includes(expected), `ssh -G shows \`${expected}\`:\n${resolved.stdout}`);
		}

		const argv = ['-F', config, '-f', '-N', '-o', 'ControlMaster=no', 'tunnels-via-block'];
		let pid: number | undefined;
		try {
			const started = await execa('ssh', argv, {reject: false, stdin: 'ignore', timeout: 20_000});
			assert.equal(started.exitCode, 0, started.stderr);
			// -f: the ssh we started forked after authentication; the tunnel is its child, found by argv.
			pid = onlyProcess(p => p.argv.join(' ') === ['ssh', ...argv].join(' '));
			assert.equal(await roundTrip('127.0.0.1', port, 'through the exported block'), 'through the exported block');
		} finally {
			pid ??= processTable().find(p => p.state !== 'Z' && p.argv.includes(config))?.pid;
			if (pid !== undefined) await stop(pid);
		}
	});

	test('ssh-config: a tunnel whose host is an alias of the ssh config exports a block that reaches where the alias does', T, async () => {
		assert.ok(sandbox && sshd && echo);
		// The alias alone knows the server: nothing for other hosts but BatchMode.
		const config = path.join(sandbox.dir, 'alias_ssh_config');
		await writeFile(config, [
			'Host db-alias',
			'\tHostName 127.0.0.1',
			`\tPort ${sshd.port}`,
			`\tUser ${sshd.user}`,
			`\tIdentityFile "${trickyKey}"`,
			'\tIdentitiesOnly yes',
			`\tUserKnownHostsFile "${sshd.knownHostsFile}"`,
			'\tStrictHostKeyChecking yes',
			'Host *',
			'\tBatchMode yes',
			'',
		].join('\n'), {mode: 0o600});
		const port = await freePort();
		await mkdir(path.dirname(sandbox.profile), {recursive: true});
		await writeFile(sandbox.profile, JSON.stringify({allowCommands: true, sshConfig: config, tunnels: {aliased: {host: 'db-alias', local: [`${port}:127.0.0.2:${echo.port}`]}}}));
		const block = await exported('aliased', 'ssh-config');
		// As ssh -G prints them (`true` for yes); User only when it is not the one ssh would take anyway, this user's.
		const user = sshd.user === os.userInfo().username ? [] : [`\tUser ${sshd.user}`];
		for (const line of ['\tHostName 127.0.0.1', `\tPort ${sshd.port}`, ...user, `\tIdentityFile "${trickyKey}"`, '\tIdentitiesOnly yes', '\tStrictHostKeyChecking true', `\tUserKnownHostsFile ${sshd.knownHostsFile}`]) {
			assert.ok(block.split('\n').includes(line), `the block says \`${line.trim()}\`:\n${block}`);
		}

		assert.ok(!/^\tBatchMode /m.test(block), `what every host gets stays in the config:\n${block}`);
		// The block put in front of the same config, as a person would add it to theirs.
		const file = path.join(sandbox.dir, 'with_exported_block');
		await writeFile(file, `${block}\nInclude "${config}"\n`);
		const argv = ['-F', file, '-f', '-N', 'tunnels-aliased'];
		let pid: number | undefined;
		try {
			const started = await execa('ssh', argv, {reject: false, stdin: 'ignore', timeout: 20_000});
			assert.equal(started.exitCode, 0, started.stderr);
			pid = onlyProcess(p => p.argv.join(' ') === ['ssh', ...argv].join(' '));
			assert.equal(await roundTrip('127.0.0.1', port, 'through the alias'), 'through the alias');
		} finally {
			pid ??= processTable().find(p => p.state !== 'Z' && p.argv.includes(file))?.pid;
			if (pid !== undefined) await stop(pid);
		}
	});

	test('systemd: systemd-analyze verify accepts the unit', T, async (t: TestContext) => {
		assert.ok(sandbox && sshd);
		await profileWith('unit', {host: sshd.host, identityFile: trickyKey}, {sshConfig: sshd.sshConfigFile});
		const unit = await exported('unit', 'systemd');
		const ssh = await commandPath('ssh');
		assert.ok(ssh, 'ssh is in PATH');
		assert.ok(unit.includes(`\nExecStart=${ssh} -F ${sshd.sshConfigFile} -N `), unit);
		assert.ok(unit.includes(` -i "${trickyKey}" `), unit);
		assert.ok(unit.includes(` -o "UserKnownHostsFile=${sshd.knownHostsFile} ${sandbox.dir}/known_hosts.d/%%k" `), unit);
		assert.ok(unit.includes('\nDescription=tunnels unit: 100%% tricky: <a> & "b"\n'), unit);

		const analyze = await commandPath('systemd-analyze');
		if (analyze === undefined) {
			t.skip('systemd-analyze is not installed: the unit was generated but not verified');
			return;
		}

		const file = path.join(sandbox.dir, 'units', 'tunnels-unit.service');
		const runtime = path.join(sandbox.dir, 'xdg-runtime'); // the user manager it simulates wants one
		await mkdir(path.dirname(file), {recursive: true});
		await mkdir(runtime, {mode: 0o700});
		await writeFile(file, unit);
		const verified = await execa(analyze, ['verify', '--user', file], {
			reject: false, stdin: 'ignore', timeout: 30_000, env: {HOME: sandbox.dir, XDG_RUNTIME_DIR: runtime},
		});
		// Quoting mistakes are only warnings ("Ignoring unknown escape sequences"): none is allowed.
		assert.equal(verified.exitCode, 0, verified.stderr);
		assert.equal(`${verified.stdout}${verified.stderr}`, '');
	});

	test('launchd: plistlib parses the plist, and its ProgramArguments carry bytes', T, async (t: TestContext) => {
		assert.ok(sandbox && sshd && echo);
		const port = await profileWith('agent', {host: sshd.host, identityFile: trickyKey}, {sshConfig: sshd.sshConfigFile});
		const plist = await exported('agent', 'launchd');
		assert.ok(plist.includes('&lt;id&amp;1&gt;'), plist);

		const python = await commandPath('python3');
		if (python === undefined) {
			t.skip('python3 is not installed: the plist was not parsed');
			return;
		}

		const file = path.join(sandbox.dir, 'tunnels.agent.plist');
		await writeFile(file, plist);
		const parsed = await execa(python, ['-c', 'import json, plistlib, sys; print(json.dumps(plistlib.load(open(sys.argv[1], "rb"))))', file], {
			reject: false, stdin: 'ignore', timeout: 20_000,
		});
		assert.equal(parsed.exitCode, 0, parsed.stderr);
		const ssh = await commandPath('ssh');
		const argv = [
			ssh, '-F', sshd.sshConfigFile, '-N', '-o', 'ExitOnForwardFailure=yes', '-o', 'ControlMaster=no', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=15',
			'-i', trickyKey, '-o', 'ServerAliveInterval=15', '-o', 'ServerAliveCountMax=3',
			'-o', `UserKnownHostsFile=${sshd.knownHostsFile} ${sandbox.dir}/known_hosts.d/%k`,
			'-L', `${port}:127.0.0.2:${echo.port}`, '--', sshd.host,
		];
		assert.deepEqual(JSON.parse(parsed.stdout), {Label: 'tunnels.agent', ProgramArguments: argv, KeepAlive: true, RunAtLoad: true});

		// Run the parsed argv as launchd would: no shell, ssh in the foreground.
		const [program, ...args] = argv as string[];
		const child = execa(program!, args, {reject: false, stdin: 'ignore', timeout: 30_000});
		try {
			await Promise.race([
				waitForPort('127.0.0.1', port, 10_000),
				child.then(result => assert.fail(`ssh exited (${result.exitCode}): ${result.stderr}`)),
			]);
			assert.equal(await roundTrip('127.0.0.1', port, 'through the agent\'s argv'), 'through the agent\'s argv');
		} finally {
			if (child.pid !== undefined) await stop(child.pid);
			await child;
		}
	});

	test('autossh: the exported line, run by a shell, keeps a forward that carries bytes', T, async (t: TestContext) => {
		assert.ok(sandbox && sshd);
		const port = await profileWith('watched', {host: sshd.host, identityFile: trickyKey}, {sshConfig: sshd.sshConfigFile});
		const line = await exported('watched', 'autossh');
		assert.ok(line.startsWith(`autossh -M 0 -f -F ${sshd.sshConfigFile} -N `), line);
		assert.ok(line.includes(` -i '${trickyKey}' `), line);

		if ((await commandPath('autossh')) === undefined) {
			t.skip('autossh is not installed: the line was not run');
			return;
		}

		const pidFile = path.join(sandbox.dir, 'autossh.pid');
		let autossh: number | undefined;
		let ssh: number | undefined;
		try {
			const shell = await execa('sh', ['-c', line], {
				reject: false, stdin: 'ignore', timeout: 20_000,
				env: {AUTOSSH_GATETIME: '0', AUTOSSH_PIDFILE: pidFile, AUTOSSH_LOGFILE: path.join(sandbox.dir, 'autossh.log')},
			});
			// -f: autossh went to the background; the shell returns at once.
			assert.equal(shell.exitCode, 0, shell.stderr);
			autossh = await poll(async () => {
				const text = await readFile(pidFile, 'utf8').catch(() => '');
				return /^\d+\s*$/.test(text) ? Number(text) : undefined;
			}, 10_000);
			assert.ok(autossh !== undefined, 'autossh wrote its pid file');
			ssh = await poll(async () => childSsh(autossh!), 10_000);
			assert.ok(ssh !== undefined, 'autossh started ssh');
			await waitForPort('127.0.0.1', port, 10_000);
			assert.equal(await roundTrip('127.0.0.1', port, 'through autossh'), 'through autossh');
		} finally {
			if (autossh !== undefined) {
				ssh ??= childSsh(autossh);
				// autossh first: killed before it, ssh would be started again.
				await stop(autossh);
			}

			if (ssh !== undefined) await stop(ssh);
		}
	});
});

/** The absolute path `command -v` gives, or undefined. */
async function commandPath(program: string): Promise<string | undefined> {
	const result = await execa('sh', ['-c', 'command -v "$1"', 'sh', program], {reject: false, stdin: 'ignore', timeout: 5000});
	return result.exitCode === 0 && result.stdout.startsWith('/') ? result.stdout.trim() : undefined;
}

/** The one live process that matches; fails when there are none or several. */
function onlyProcess(match: (p: ReturnType<typeof processTable>[number]) => boolean): number {
	const found = processTable().filter(p => p.state !== 'Z' && match(p));
	assert.equal(found.length, 1, `one process expected, found ${JSON.stringify(found)}`);
	return found[0]!.pid;
}

function childSsh(parent: number): number | undefined {
	return processTable().find(p => p.ppid === parent && p.state !== 'Z' && path.basename(p.argv[0] ?? '') === 'ssh')?.pid;
}

async function poll<T>(read: () => Promise<T | undefined>, timeoutMs: number): Promise<T | undefined> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await read();
		if (value !== undefined || Date.now() >= deadline) return value;
		await sleep(25);
	}
}

/** SIGTERM, then SIGKILL after 3 s; waits (bounded) until the process is gone or a zombie. */
async function stop(pid: number): Promise<void> {
	for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
		try {
			process.kill(pid, signal);
		} catch {
			return; // already gone
		}

		if (await poll(async () => (isAlive(pid) ? undefined : true), 3000)) return;
	}
}
