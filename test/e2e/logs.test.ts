// `tunnels logs` against a real sshd: ssh's own failure line (written with -E), a keeper's loss and
// restart of a master killed by PID, following until SIGINT, and no secret ever in a log.
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {readdir, readFile, writeFile, copyFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, test} from 'node:test';
import {execa} from 'execa';
import {startAskpassServer} from '../../src/askpass/server.js';
import {systemDeps} from '../../src/core/system.js';
import {upTunnel} from '../../src/core/up.js';
import {downTunnel} from '../../src/core/down.js';
import {tunnel, forward} from '../support/builders.js';
import {cliEnvironment} from '../support/cli.js';
import {freePort} from '../support/echo-server.js';
import {askpassBinPath, binPath} from '../support/paths.js';
import {isAlive, signal} from '../support/processes.js';
import {useWorld} from '../support/tunnels.js';
import {until} from '../support/wait.js';
import {startWatch} from '../support/watcher.js';

const T = {timeout: 90_000};
const named = (name: string, kind: string) => (event: {readonly name?: string; readonly kind: string}) => event.name === name && event.kind === kind;

describe('tunnels logs', () => {
	const setup = useWorld();

	test('a server that refuses the key: logs shows ssh\'s own line after the start, in words and in --json', T, async () => {
		const {world, sshd, echo} = setup();
		const stranger = path.join(world.sandbox.dir, 'stranger');
		await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'stranger', '-f', stranger], {stdin: 'ignore', timeout: 10_000});
		const wrongConfig = path.join(world.sandbox.dir, 'ssh_config_wrong_key');
		await writeFile(wrongConfig, (await readFile(sshd.sshConfigFile, 'utf8')).replaceAll(sshd.identityFile, stranger), {mode: 0o600});
		await world.setTunnels({denied: {host: 'testhost', local: [`${await freePort()}:127.0.0.2:${echo.port}`]}});

		const up = await world.run(['up', 'denied'], {TUNNELS_SSH_CONFIG: wrongConfig});
		assert.equal(up.exitCode, 1);
		assert.match(up.stderr, /Permission denied \(publickey\)/, 'up still reports ssh\'s own reason, read from the log');

		const logs = await world.run(['logs', 'denied']);
		assert.equal(logs.exitCode, 0, logs.stderr);
		assert.match(logs.stdout, /^\d{4}-\d\d-\d\dT[\d:]+Z starting ssh · by pid \d+\n {2}\S+@127\.0\.0\.1: Permission denied \(publickey\)\.\n/);
		const json = await world.run(['logs', 'denied', '--json']);
		const parsed = JSON.parse(json.stdout) as {name: string; file: string; entries: Array<{kind: string; line?: string}>};
		assert.equal(parsed.name, 'denied');
		assert.equal(parsed.file, path.join(world.runtimeDir, '.state', 'denied.log'));
		assert.deepEqual(parsed.entries.map(entry => entry.kind), ['start', 'ssh']);
		assert.match(parsed.entries[1]!.line!, /Permission denied \(publickey\)\.$/);
	});

	test('a keeper\'s loss and restart of a master killed by PID are in the log, in order; -n keeps the last lines', T, async () => {
		const {world, echo} = setup();
		await world.setTunnels({kept: {host: 'testhost', restart: 'always', local: [`${await freePort()}:127.0.0.2:${echo.port}`]}});
		const watch = startWatch(world, ['--json', 'kept']);
		try {
			await watch.waitFor(named('kept', 'started'), 20_000);
			const [first] = world.masters('kept');
			assert.ok(first);
			signal(first, 'SIGKILL');
			const restarted = await watch.waitFor(named('kept', 'restarted'), 30_000);
			const stopped = await watch.stop('SIGINT');
			assert.equal(stopped.code, 0, stopped.stderr);

			const logs = await world.run(['logs', 'kept']);
			assert.equal(logs.exitCode, 0, logs.stderr);
			const lines = logs.stdout.trimEnd().split('\n');
			const at = (pattern: RegExp) => lines.findIndex(line => pattern.test(line));
			const order = [
				at(/ kept watching · restart always · keeper pid /),
				at(/ starting ssh · by pid /),
				at(new RegExp(` kept started · pid ${first} · attempt 1 · keeper pid ${watch.pid}$`)),
				at(/ kept lost · .* · keeper pid /),
				at(new RegExp(` kept restarted · pid ${restarted.pid} · after: .* · keeper pid ${watch.pid}$`)),
			];
			assert.ok(order.every(index => index >= 0) && order.every((index, i) => i === 0 || index > order[i - 1]!), `in order:\n${logs.stdout}`);
			const last = await world.run(['logs', 'kept', '-n', '1']);
			assert.equal(last.stdout, `${lines.at(-1)}\n`);
		} finally {
			if (isAlive(watch.pid)) {
				await watch.stop('SIGKILL');
			}
		}
	});

	test('-f prints what is added and ends cleanly on SIGINT; an unknown tunnel and a tunnel without a log are clear errors', T, async () => {
		const {world, echo} = setup();
		await world.setTunnels({followed: {host: 'testhost', local: [`${await freePort()}:127.0.0.2:${echo.port}`]}});
		const unknown = await world.run(['logs', 'nope']);
		assert.equal(unknown.exitCode, 2);
		assert.match(unknown.stderr, /^error: no tunnel `nope` in .*\n {2}hint: tunnels here: followed$/m);
		const none = await world.run(['logs', 'followed']);
		assert.equal(none.exitCode, 1);
		assert.match(none.stderr, /^error: no log for `followed` yet \(.*followed\.log\): it has not been started since its runtime directory was made$/m);

		const child = spawn(process.execPath, [binPath, 'logs', 'followed', '-f'], {env: cliEnvironment(world.sandbox.env), stdio: ['ignore', 'pipe', 'pipe']});
		world.track(child.pid!);
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
			stdout += chunk;
		});
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
			stderr += chunk;
		});
		const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)));
		try {
			await until(async () => (stderr.includes('waiting for its first start') ? true : undefined), 10_000, () => `no waiting note: ${stderr}`);
			assert.equal((await world.run(['up', 'followed'])).exitCode, 0);
			await until(async () => (/starting ssh · by pid \d+\n/.test(stdout) ? true : undefined), 10_000, () => `not followed: ${stdout}`);
		} finally {
			child.kill('SIGINT');
		}

		const code = await Promise.race([exited, new Promise<'hung'>(resolve => setTimeout(() => resolve('hung'), 10_000))]);
		if (code === 'hung') {
			child.kill('SIGKILL');
		}

		assert.equal(code, 0, stderr);
	});

	test('an askpass-prompted start: the passphrase typed never reaches the log, nor anything under the runtime directory', T, async () => {
		const {world, sshd, echo} = setup();
		const passphrase = `pass-${Date.now()}-phrase`;
		const key = path.join(world.sandbox.dir, 'locked_key');
		await copyFile(sshd.identityFile, key);
		await execa('ssh-keygen', ['-q', '-p', '-P', '', '-N', passphrase, '-f', key], {stdin: 'ignore', timeout: 10_000});
		const config = path.join(world.sandbox.dir, 'ssh_config_locked');
		await writeFile(config, (await readFile(sshd.sshConfigFile, 'utf8')).replaceAll(sshd.identityFile, key).replaceAll('BatchMode yes', 'BatchMode no'), {mode: 0o600});

		const deps = systemDeps({socketDirectory: world.runtimeDir, socketBase: path.dirname(world.runtimeDir)}, process.getuid?.() ?? 0);
		const target = {
			tunnel: tunnel({name: 'locked', host: 'testhost', user: undefined, local: [forward({port: await freePort(), host: '127.0.0.2', hostPort: echo.port})]}),
			controlPath: world.controlPath('locked'),
			ssh: {sshBinary: 'ssh', sshConfigFile: config},
		};
		const server = await startAskpassServer({socketPath: path.join(world.sandbox.dir, 'askpass.sock'), helper: askpassBinPath});
		const asked: string[] = [];
		server.onPrompts(prompts => {
			for (const prompt of prompts) {
				asked.push(prompt.text);
				server.answer(prompt.id, passphrase);
			}
		});
		try {
			const result = await upTunnel(deps, target, {prompt: {kind: 'askpass', env: server.envFor('locked')}, targets: [target], clearsStop: true});
			assert.equal(result.kind, 'started', JSON.stringify(result));
			assert.ok(asked.some(text => /passphrase/i.test(text)), `ssh asked for the passphrase: ${JSON.stringify(asked)}`);
			const log = await readFile(path.join(world.runtimeDir, '.state', 'locked.log'), 'utf8');
			assert.match(log, /"kind":"start"/, 'the log was written');
			assert.ok(!log.includes(passphrase), log);
			const state = path.join(world.runtimeDir, '.state');
			for (const entry of await readdir(state, {withFileTypes: true})) {
				if (entry.isFile()) {
					assert.ok(!(await readFile(path.join(state, entry.name), 'utf8')).includes(passphrase), entry.name);
				}
			}
		} finally {
			await server.close();
			await downTunnel(deps, target, {stoppedBy: undefined});
		}
	});
});
