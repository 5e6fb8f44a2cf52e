// Tunnels that an ssh config defines, against a real sshd: a throwaway config (never the user's)
// that Includes a file with Host blocks, a `Match host` block that adds a forward, and the test
// sshd's own client config for how to connect. Listed, started, checked, stopped, imported; the
// config files are never written.
import assert from 'node:assert/strict';
import {mkdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, test} from 'node:test';
import {canConnect, freePort, roundTrip} from '../support/echo-server.js';
import {readProc} from '../support/processes.js';
import {upPid, useWorld, type World} from '../support/tunnels.js';

const T = {timeout: 60_000};

type Config = {readonly main: string; readonly files: readonly string[]; readonly local: number; readonly matched: number; readonly remote: number};

/** Writes the throwaway config into the sandbox; absolute Include paths, as relative ones are read from ~/.ssh. */
async function writeConfig(world: World, sshdConfig: string, echoPort: number): Promise<Config> {
	const directory = path.join(world.sandbox.dir, 'ssh');
	await mkdir(path.join(directory, 'hosts.d'), {recursive: true});
	const [local, matched, remote] = await Promise.all([freePort(), freePort(), freePort()]);
	const main = path.join(directory, 'config');
	const included = path.join(directory, 'hosts.d', 'forwards.conf');
	await writeFile(main, [
		`Include ${directory}/hosts.d/*.conf`,
		'Host via-match',
		'  HostName localhost',
		'Match host localhost',
		`  LocalForward ${matched} 127.0.0.2:${echoPort}`,
		'Match all',
		`Include ${sshdConfig}`,
		'',
	].join('\n'), {mode: 0o600});
	await writeFile(included, [
		'Host fwd-local',
		'  HostName 127.0.0.1',
		`  LocalForward ${local} 127.0.0.2:${echoPort}`,
		'  ServerAliveInterval 7',
		'Host fwd-remote',
		'  HostName 127.0.0.1',
		`  RemoteForward ${remote} 127.0.0.2:${echoPort}`,
		'Host pattern-* !fwd-local',
		'  LocalForward 1 127.0.0.2:1',
		'',
	].join('\n'), {mode: 0o600});
	await world.setTunnels({}, {sshConfig: main});
	return {main, files: [main, included], local, matched, remote};
}

async function contents(files: readonly string[]): Promise<string[]> {
	return Promise.all(files.map(async file => readFile(file, 'utf8')));
}

describe('tunnels of the ssh config', () => {
	const setup = useWorld();

	test('Include and Match resolve through ssh -G; listed read-only; started by alias with no -L of ours, answering; stopped', T, async () => {
		const {world, sshd, echo} = setup();
		const config = await writeConfig(world, sshd.sshConfigFile, echo.port);
		const before = await contents(config.files);

		const ls = await world.ls();
		assert.deepEqual(ls.tunnels.map(tunnel => [tunnel.name, tunnel.state, tunnel.source]), [
			['ssh:fwd-local', 'down', {kind: 'ssh-config', file: config.files[1], line: 1, route: `${sshd.user}@127.0.0.1:${sshd.port}`}],
			['ssh:fwd-remote', 'down', {kind: 'ssh-config', file: config.files[1], line: 5, route: `${sshd.user}@127.0.0.1:${sshd.port}`}],
			['ssh:via-match', 'down', {kind: 'ssh-config', file: config.main, line: 2, route: `${sshd.user}@localhost:${sshd.port}`}],
		]);
		const table = await world.run(['ls']);
		assert.match(table.stdout, /^NAME +STATE +PID +UP +FORWARD +VIA +SOURCE\n/);
		assert.match(table.stdout, new RegExp(`^ssh:via-match +down +L 127\\.0\\.0\\.1:${config.matched} → 127\\.0\\.0\\.2:${echo.port} +via-match \\(${sshd.user}@localhost:${sshd.port}\\) +~/ssh/config:2$`, 'm'));

		const print = await world.run(['print', '--minimal', 'ssh:fwd-local']);
		assert.deepEqual(print, {exitCode: 0, stdout: `ssh -F ${config.main} -f -N fwd-local\n`, stderr: ''});

		// The bare alias names it: no profile tunnel is called fwd-local.
		const up = await world.run(['up', 'fwd-local', 'ssh:via-match', 'ssh:fwd-remote']);
		assert.equal(up.exitCode, 0, up.stderr);
		assert.match(up.stdout, new RegExp(`^ssh:fwd-local up · pid \\d+ · L 127\\.0\\.0\\.1:${config.local}\\b.* via fwd-local \\(${sshd.user}@127\\.0\\.0\\.1:${sshd.port}\\) · \\d+ ms$`, 'm'));
		const pid = upPid(up.stdout, 'ssh:fwd-local');
		assert.deepEqual(world.masters('ssh:fwd-local'), [pid]);
		// ssh took the forward from the config: the command line has none, so nothing binds twice.
		assert.ok(!readProc(pid)?.argv.includes('-L'), readProc(pid)?.argv.join(' '));
		assert.equal(await roundTrip('127.0.0.1', config.local, 'through Host fwd-local'), 'through Host fwd-local');
		assert.equal(await roundTrip('127.0.0.1', config.matched, 'through the Match block'), 'through the Match block');

		const states = await world.ls();
		assert.deepEqual(states.tunnels.map(tunnel => tunnel.state), ['up', 'up', 'up']);
		assert.deepEqual(states.outside.filter(stray => stray.argv.some(arg => arg.includes(world.runtimeDir))), []);
		const check = await world.run(['check', 'ssh:fwd-remote']);
		assert.equal(check.exitCode, 0, check.stdout);
		assert.match(check.stdout, new RegExp(`^pass {2}destination fwd-remote \\(ssh -G\\): .*; forwards from ${config.files[1]}:5$`, 'm'));
		assert.match(check.stdout, new RegExp(`^pass {2}server port 127\\.0\\.0\\.1:${config.remote}: accepts connections on the server$`, 'm'));

		const down = await world.run(['down', 'fwd-local', 'ssh:via-match', 'ssh:fwd-remote']);
		assert.equal(down.exitCode, 0, down.stderr);
		assert.match(down.stdout, /^ssh:fwd-local down · pid \d+ · ssh -O exit$/m);
		assert.deepEqual(['ssh:fwd-local', 'ssh:via-match', 'ssh:fwd-remote'].flatMap(name => world.masters(name)), []);
		assert.equal(await canConnect('127.0.0.1', config.local, 500), false);
		assert.deepEqual(await contents(config.files), before, 'the ssh config is only read');
	});

	test('import --from-ssh-config writes the resolved destination; the copy starts with its own -L, alone', T, async () => {
		const {world, sshd, echo} = setup();
		const config = await writeConfig(world, sshd.sshConfigFile, echo.port);
		const before = await contents(config.files);

		const imported = await world.run(['import', '--from-ssh-config', 'fwd-local', '--json']);
		assert.equal(imported.exitCode, 0, imported.stderr);
		assert.deepEqual(JSON.parse(imported.stdout), {
			name: 'fwd-local',
			file: world.sandbox.profile,
			written: true,
			entry: {host: '127.0.0.1', user: sshd.user, port: sshd.port, local: [`${config.local}:127.0.0.2:${echo.port}`]},
			command: `ssh -f -N -p ${sshd.port} -L ${config.local}:127.0.0.2:${echo.port} ${sshd.user}@127.0.0.1`,
			notCarried: ['ServerAliveInterval 7'],
		});

		// The profile's fwd-local wins the bare name; the config's stays ssh:fwd-local.
		const up = await world.run(['up', 'fwd-local']);
		assert.equal(up.exitCode, 0, up.stderr);
		const pid = upPid(up.stdout, 'fwd-local');
		assert.equal(readProc(pid)?.argv.filter(arg => arg === '-L').length, 1);
		assert.equal(await roundTrip('127.0.0.1', config.local, 'through the imported copy'), 'through the imported copy');
		const check = await world.run(['check', 'fwd-local']);
		assert.equal(check.exitCode, 0, check.stdout);
		const both = await world.ls();
		assert.deepEqual(both.tunnels.filter(tunnel => tunnel.name.endsWith('fwd-local')).map(tunnel => [tunnel.name, tunnel.state]), [['fwd-local', 'up'], ['ssh:fwd-local', 'down']]);
		const taken = await world.run(['up', 'ssh:fwd-local']);
		assert.equal(taken.exitCode, 1);
		assert.match(taken.stderr, new RegExp(`^error: ssh:fwd-local: port ${config.local} on 127\\.0\\.0\\.1 is taken by tunnel 'fwd-local' \\(pid ${pid}\\); nothing was started$`, 'm'));

		// Its HostName gets the Match block's forward too: a copy would bind it twice.
		const profile = await readFile(world.sandbox.profile, 'utf8');
		const refused = await world.run(['import', '--from-ssh-config', 'via-match']);
		assert.equal(refused.exitCode, 2);
		assert.match(refused.stderr, new RegExp(`^error: cannot import: the ssh config adds LocalForward ${config.matched} \\[127\\.0\\.0\\.2\\]:${echo.port} for localhost too: the imported tunnel would bind them twice\\n`));
		assert.equal(await readFile(world.sandbox.profile, 'utf8'), profile);
		assert.deepEqual(await contents(config.files), before, 'the ssh config is only read');
	});
});
