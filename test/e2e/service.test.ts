// `tunnels service install|uninstall|status` end to end: the unit written where systemd reads user
// units (HOME is the sandbox's), no user manager reachable (the sandbox's runtime directory holds no
// bus), and the supervisor started exactly as the unit's ExecStart= and Environment= say, against
// the real sshd on 127.0.0.1. Every wait is bounded; the world's cleanup stops what is left.
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdir, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, test} from 'node:test';
import {roundTrip, freePort} from '../support/echo-server.js';
import {isAlive, until} from '../support/processes.js';
import {systemdWords, unitValues} from '../support/service-files.js';
import {useWorld, type World} from '../support/tunnels.js';
import {startWatch} from '../support/watcher.js';

const T = {timeout: 90_000};

/** No systemd user manager to reach: an empty runtime directory and a bus address that leads nowhere. */
async function withoutUserManager(world: World): Promise<Record<string, string>> {
	const runtime = path.join(world.sandbox.dir, 'xdg-run');
	await mkdir(runtime, {recursive: true, mode: 0o700});
	return {XDG_RUNTIME_DIR: runtime, DBUS_SESSION_BUS_ADDRESS: `unix:path=${runtime}/no-bus`};
}

function writtenFile(stdout: string): string {
	const match = /^wrote (\/\S+\.service):$/m.exec(stdout);
	assert.ok(match, `wrote FILE: in ${stdout}`);
	return match[1]!;
}

describe('tunnels service', () => {
	const setup = useWorld();

	test('install writes the unit and says how to start it; the supervisor started as its ExecStart keeps the tunnel up; uninstall removes it', T, async () => {
		const {echo, world} = setup();
		const port = await freePort();
		await world.setTunnels({kept: {host: 'testhost', restart: 'always', local: [`${port}:127.0.0.2:${echo.port}`]}});
		const env = await withoutUserManager(world);

		const install = await world.run(['service', 'install', '--now'], env);
		assert.equal(install.exitCode, 0, install.stderr);
		const file = writtenFile(install.stdout);
		assert.equal(path.dirname(file), path.join(world.sandbox.dir, '.config', 'systemd', 'user'));
		const unit = await readFile(file, 'utf8');
		assert.ok(install.stdout.includes(unit.trimEnd().split('\n').map(line => `  ${line}`).join('\n')), 'prints exactly what it wrote');
		assert.match(install.stdout, /^ran systemctl --user daemon-reload: failed/m);
		assert.match(install.stdout, /no systemd user manager answers here/);
		assert.match(install.stdout, new RegExp(`systemctl --user enable --now ${path.basename(file)}`));

		const status = await world.run(['service', 'status'], env);
		assert.equal(status.exitCode, 0, status.stdout + status.stderr);
		assert.match(status.stdout, new RegExp(`^installed: ${file}$`, 'm'));
		assert.match(status.stdout, /^supervisor: none of this profile's is running$/m);

		// The supervisor as systemd would start it: those words, that environment, nothing of ours.
		const [execStart] = unitValues(unit, 'ExecStart');
		const [program, ...args] = systemdWords(execStart!);
		assert.equal(program, process.execPath);
		const unitEnv = Object.fromEntries(unitValues(unit, 'Environment').map(value => systemdWords(value)[0]!.split(/=(.*)/s).slice(0, 2)));
		const supervisor = spawn(program!, args, {env: {PATH: process.env['PATH'], HOME: world.sandbox.dir, ...unitEnv}, stdio: ['ignore', 'pipe', 'pipe'], cwd: '/'});
		let output = '';
		supervisor.stdout.setEncoding('utf8').on('data', (chunk: string) => {
			output += chunk;
		});
		supervisor.stderr.setEncoding('utf8').on('data', (chunk: string) => {
			output += chunk;
		});
		const exited = new Promise<number | null>(resolve => supervisor.once('exit', code => resolve(code)));
		world.track(supervisor.pid!);
		try {
			assert.ok(await until(async () => (await world.status('kept')).state === 'up', 20_000), `kept comes up under the supervisor:\n${output}`);
			assert.equal(await roundTrip('127.0.0.1', port, 'through'), 'through');
			// Who keeps it: the service, by its pid, in ls --json and in the table; a watch in a terminal leaves it to the service.
			const kept = await world.status('kept') as Awaited<ReturnType<typeof world.status>> & {keeper?: unknown};
			assert.deepEqual(kept.keeper, {kind: 'service', pid: supervisor.pid});
			assert.match((await world.run(['ls'])).stdout, new RegExp(`the service \\(pid ${supervisor.pid}\\)`));
			assert.match((await world.run(['service', 'status'], env)).stdout, new RegExp(`^supervisor: pid ${supervisor.pid}, keeping 1 tunnel$`, 'm'));
			const second = startWatch(world, []);
			await second.waitForLine(new RegExp(`kept kept by the service \\(pid ${supervisor.pid}\\) · taken over if it ends`), 15_000);
			await second.stop('SIGTERM');
		} finally {
			supervisor.kill('SIGTERM');
		}

		assert.equal(await exited, 0, `a supervisor stopped on purpose exits 0 (Restart=on-failure leaves it stopped):\n${output}`);
		assert.ok(!isAlive(supervisor.pid!));

		const again = await world.run(['service', 'install'], env);
		assert.equal(again.exitCode, 0, again.stderr);
		assert.match(again.stdout, new RegExp(`^${file} holds this already:$`, 'm'));

		const uninstall = await world.run(['service', 'uninstall'], env);
		assert.equal(uninstall.exitCode, 0, uninstall.stderr);
		assert.match(uninstall.stdout, new RegExp(`^removed ${file}$`, 'm'));
		await assert.rejects(readFile(file), {code: 'ENOENT'});
		const twice = await world.run(['service', 'uninstall'], env);
		assert.equal(twice.exitCode, 0, twice.stderr);
		assert.match(twice.stdout, /no service is installed/);
	});

	test('a file install did not write is neither overwritten nor removed; an edited one is not removed', T, async () => {
		const {world} = setup();
		const env = await withoutUserManager(world);
		await rm(world.sandbox.profile, {force: true});
		const noProfile = await world.run(['service', 'install'], env);
		assert.equal(noProfile.exitCode, 2);
		assert.match(noProfile.stderr, /no profile file at .*: a service would have nothing to keep; nothing was written/);
		assert.deepEqual(await readdir(path.join(world.sandbox.dir, '.config', 'systemd', 'user')).catch(() => []), [], 'no unit written');

		await world.setTunnels({});
		const first = await world.run(['service', 'install'], env);
		assert.equal(first.exitCode, 0, first.stderr);
		const file = writtenFile(first.stdout);

		await writeFile(file, (await readFile(file, 'utf8')).replace('RestartSec=5', 'RestartSec=30'));
		const edited = await world.run(['service', 'uninstall'], env);
		assert.equal(edited.exitCode, 2);
		assert.match(edited.stderr, /was edited since `tunnels service install` wrote it; nothing was removed/);
		assert.match(await readFile(file, 'utf8'), /RestartSec=30/);
		const over = await world.run(['service', 'install'], env);
		assert.equal(over.exitCode, 2);
		assert.match(await readFile(file, 'utf8'), /RestartSec=30/, 'not written over');

		// A file of the same name that another hand wrote, with no record of ours.
		await writeFile(path.join(world.sandbox.dir, '.local', 'state', 'tunnels', 'service', `${path.basename(file, '.service')}.json`), '{}');
		await writeFile(file, '[Service]\nExecStart=/bin/true\n');
		const foreign = await world.run(['service', 'install'], env);
		assert.equal(foreign.exitCode, 2);
		assert.match(foreign.stderr, new RegExp(`${file} was not written by \`tunnels service install\`; nothing was written`));
		const removeForeign = await world.run(['service', 'uninstall'], env);
		assert.equal(removeForeign.exitCode, 2);
		assert.equal(await readFile(file, 'utf8'), '[Service]\nExecStart=/bin/true\n');
		const status = await world.run(['service', 'status'], env);
		assert.equal(status.exitCode, 1);
		assert.match(status.stdout, /exists but was not written by `tunnels service install`/);
	});
});
