// Paths in a profile mean the same wherever tunnels is started: `~` (the password database's home,
// as ssh's), `${NAME}` from the environment, and a relative path from the profile file's own
// directory. One that cannot be expanded is refused before anything runs; doctor names a file ssh
// cannot read. The real binary against a real sshd on 127.0.0.1, run from another directory.
import assert from 'node:assert/strict';
import {copyFile, mkdir, readFile, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {describe, test} from 'node:test';
import {freePort, roundTrip} from '../support/echo-server.js';
import {useWorld, type World} from '../support/tunnels.js';
import type {TestSshd} from '../support/sshd.js';

const T = {timeout: 60_000};

/**
 * Next to the profile: `ssh_config`, the test sshd's client config without its IdentityFile lines,
 * and `keys/id`, the client key, so that only the profile's identityFile can authenticate.
 */
async function filesBesideProfile(world: World, sshd: TestSshd): Promise<{readonly config: string; readonly key: string}> {
	const directory = path.dirname(world.sandbox.profile);
	await mkdir(path.join(directory, 'keys'), {recursive: true});
	const config = path.join(directory, 'ssh_config');
	const key = path.join(directory, 'keys', 'id');
	const text = await readFile(sshd.sshConfigFile, 'utf8');
	await writeFile(config, text.split('\n').filter(line => !/^\s*IdentityFile\b/.test(line)).join('\n'), {mode: 0o600});
	await copyFile(sshd.identityFile, key);
	return {config, key};
}

/** The profile file itself, as JSON (YAML reads it): the World's setTunnels always names the test's own -F. */
async function writeProfile(world: World, profile: Record<string, unknown>): Promise<void> {
	await writeFile(world.sandbox.profile, `${JSON.stringify({allowCommands: true, ...profile}, undefined, 2)}\n`, {mode: 0o600});
}

describe('paths in the profile, against a real sshd', () => {
	const setup = useWorld();

	test('relative paths start at the profile\'s directory, ~ is the password database\'s home, ${NAME} the environment\'s', T, async () => {
		const {world, sshd, echo} = setup();
		const {config, key} = await filesBesideProfile(world, sshd);
		const home = os.userInfo().homedir;
		const [relative, tilde, variable] = [await freePort(), await freePort(), await freePort()];
		const target = `127.0.0.2:${echo.port}`;
		await writeProfile(world, {
			sshConfig: 'ssh_config',
			tunnels: {
				relative: {host: 'testhost', identityFile: 'keys/id', local: [`${relative}:${target}`]},
				tilde: {host: 'testhost', identityFile: `~/${path.relative(home, key)}`, local: [`${tilde}:${target}`]},
				variable: {host: 'testhost', identityFile: '${TUNNELS_TEST_KEYS}/id', local: [`${variable}:${target}`]},
			},
		});
		// The sandbox's runs start in this test process's working directory, far from the profile.
		assert.notEqual(process.cwd(), path.dirname(world.sandbox.profile));
		const env = {TUNNELS_TEST_KEYS: path.dirname(key)};
		const printed = await world.run(['print', 'relative'], env);
		assert.equal(printed.exitCode, 0, printed.stderr);
		assert.ok(printed.stdout.includes(` -F ${config} `) && printed.stdout.includes(` -i ${key} `), printed.stdout);

		const up = await world.run(['up', 'relative', 'tilde', 'variable'], env);
		assert.equal(up.exitCode, 0, up.stdout + up.stderr);
		for (const [name, port] of [['relative', relative], ['tilde', tilde], ['variable', variable]] as const) {
			assert.equal(await roundTrip('127.0.0.1', port, name), name);
		}
	});

	test('an environment variable that is not set is refused at its line, and nothing runs', T, async () => {
		const {world, sshd} = setup();
		await filesBesideProfile(world, sshd);
		const port = await freePort();
		await writeProfile(world, {sshConfig: 'ssh_config', tunnels: {db: {host: 'testhost', identityFile: '${TUNNELS_TEST_UNSET}/id', local: [`${port}:127.0.0.2:1`]}}});
		const up = await world.run(['up', 'db']);
		assert.equal(up.exitCode, 2);
		assert.equal(up.stdout, '');
		assert.match(up.stderr, new RegExp(`^${world.sandbox.profile}:\\d+: error: tunnel \`db\`, identityFile: \`\\$\\{TUNNELS_TEST_UNSET\\}/id\` uses \\$\\{TUNNELS_TEST_UNSET\\}, which is not set in the environment\\n {2}hint: set TUNNELS_TEST_UNSET, or write the path without it$`, 'm'));
		assert.deepEqual(world.masters('db'), []);
	});

	test('doctor says which file ssh would be given and cannot read', T, async () => {
		const {world, sshd} = setup();
		const {key} = await filesBesideProfile(world, sshd);
		await writeProfile(world, {sshConfig: 'no_such_config', tunnels: {db: {host: 'testhost', identityFile: 'keys/missing', local: ['19906:127.0.0.2:1']}}});
		const doctor = await world.run(['doctor']);
		assert.equal(doctor.exitCode, 1, doctor.stdout);
		const directory = path.dirname(key);
		assert.match(doctor.stdout, new RegExp(`^FAIL {2}ssh config file ${path.dirname(directory)}/no_such_config: does not exist: ssh will refuse to start with -F naming it\\n {6}fix: fix sshConfig in the profile`, 'm'));
		assert.match(doctor.stdout, new RegExp(`^WARN {2}identity file of db \\(${directory}/missing\\): does not exist: ssh will warn`, 'm'));
	});
});
