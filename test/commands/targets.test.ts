import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {LoadedProfile} from '../../src/commands/context.js';
import {findTarget, findTargets, selectTargets, type TargetList} from '../../src/commands/targets.js';
import {UserError} from '../../src/errors.js';
import type {Tunnel} from '../../src/profile/types.js';
import {testPaths, tunnel} from '../support/builders.js';

const ssh = {sshBinary: 'ssh', sshConfigFile: undefined};
const loaded: LoadedProfile = {
	path: '/p/tunnels.yaml',
	text: {kind: 'found', text: '', mode: 0o600},
	profile: {file: '/p/tunnels.yaml', settings: {ssh: undefined, sshConfig: undefined}, tunnels: [tunnel({name: 'db', tags: ['db', 'prod']}), tunnel({name: 'web', tags: ['prod']}), tunnel({name: 'queue', tags: ['db']})]},
	warnings: [],
	ssh,
	paths: testPaths,
	socketDirectory: '/run/t',
	socketBase: '/run',
};
const fromConfig = (alias: string): Tunnel => tunnel({name: `ssh:${alias}`, host: alias, user: undefined, source: {kind: 'ssh-config', file: '/h/.ssh/config', line: 1, route: `me@${alias}:22`}});
const all: TargetList = {
	targets: [...loaded.profile.tunnels, fromConfig('db'), fromConfig('cache')].map(each => ({tunnel: each, controlPath: `/run/t/${each.name}`, ssh})),
	skipped: [],
	refused: undefined,
};

test('names: the profile\'s first, then ssh:ALIAS, then a bare ALIAS no profile tunnel has; the ssh config is read only when needed', async () => {
	let discovered = 0;
	const discover = async () => {
		discovered++;
		return all;
	};

	const names = async (...wanted: string[]) => (await findTargets(loaded, wanted, discover)).selected.map(target => target.controlPath);
	assert.deepEqual(await names('db', 'web'), ['/run/t/db', '/run/t/web']);
	assert.equal(discovered, 0);
	assert.deepEqual(await names('db', 'ssh:db', 'cache', 'ssh:cache'), ['/run/t/db', '/run/t/ssh:db', '/run/t/ssh:cache', '/run/t/ssh:cache']);
	assert.equal(discovered, 1);
	await assert.rejects(findTargets(loaded, ['nope'], discover), (error: unknown) => {
		assert.ok(error instanceof UserError);
		assert.equal(error.message, 'no tunnel `nope` in /p/tunnels.yaml');
		assert.equal(error.hint, 'tunnels here: db, web, queue, ssh:db, ssh:cache');
		return true;
	});
});

test('--all: the profile\'s tunnels, and the ssh config\'s only when asked', async () => {
	const discover = async () => all;
	assert.deepEqual((await selectTargets(loaded, [], {all: true, withConfig: false, discover})).selected.map(target => target.tunnel.name), ['db', 'web', 'queue']);
	assert.deepEqual((await selectTargets(loaded, [], {all: true, withConfig: true, discover})).selected.map(target => target.tunnel.name), ['db', 'web', 'queue', 'ssh:db', 'ssh:cache']);
	await assert.rejects(selectTargets(loaded, [], {all: false, withConfig: true, discover}), /name at least one tunnel, or use --all/);
});

test('@TAG: every profile tunnel with the tag, combinable with names, each once in the order asked; an unknown tag names the near one', async () => {
	const discover = async () => all;
	const names = async (...wanted: string[]) => (await findTargets(loaded, wanted, discover)).selected.map(target => target.tunnel.name);
	assert.deepEqual(await names('@db'), ['db', 'queue']);
	assert.deepEqual(await names('web', '@db', 'db', '@prod'), ['web', 'db', 'queue']);
	await assert.rejects(findTargets(loaded, ['@prdo'], discover), (error: unknown) => {
		assert.ok(error instanceof UserError);
		assert.equal(error.message, 'no tunnel of /p/tunnels.yaml has the tag `prdo`');
		assert.equal(error.hint, 'did you mean `@prod`?');
		return true;
	});
	await assert.rejects(findTargets(loaded, ['@zzz'], discover), {hint: 'tags here: db, prod'});
	await assert.rejects(findTarget(loaded, '@db', discover), {message: '@db is 2 tunnels: this command takes one', hint: 'name one of them: db, queue'});
});

test('an unknown name: the near one when there is one', async () => {
	await assert.rejects(findTargets(loaded, ['wbe'], async () => all), {message: 'no tunnel `wbe` in /p/tunnels.yaml', hint: 'did you mean `web`?'});
});
