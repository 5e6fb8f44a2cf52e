import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {testPaths} from '../support/builders.js';
import {importFromCommand, importFromSshConfig} from '../../src/core/import.js';
import {parseProfile} from '../../src/profile/parse.js';
import {fixturesDirectory} from '../support/paths.js';
import {fakeProfileFile} from '../support/profile-file.js';

const file = '/home/me/.config/tunnels/tunnels.yaml';
const hasDb = '# mine\ntunnels:\n  db:\n    host: 10.1.0.2\n    local: [9906:10.1.0.2:3306]\n';
const answer = (name: string) => ({exitCode: 0, stdout: readFileSync(path.join(fixturesDirectory, 'ssh-config', `G-${name}.txt`), 'utf8'), stderr: '', timedOut: false});

test('importFromCommand: a pasted command becomes an entry named by its host and first port, added to the file', async () => {
	const fake = fakeProfileFile({text: hasDb});
	const result = await importFromCommand(fake.deps, ['ssh -g -f -NL 0.0.0.0:23306:192.168.4.94:3306 user@host'], {});
	assert.deepEqual(result, {
		kind: 'imported',
		name: 'host-23306',
		file,
		written: true,
		entry: {host: 'host', user: 'user', gateway: true, local: ['0.0.0.0:23306:192.168.4.94:3306']},
		minimal: 'ssh -g -f -N -L 0.0.0.0:23306:192.168.4.94:3306 user@host',
		notCarried: [],
	});
	assert.equal(fake.writes.length, 1);
	assert.equal(fake.writes[0]!.file, file);
	assert.ok(fake.writes[0]!.text.startsWith(hasDb), 'the file keeps its bytes');
	const written = parseProfile(fake.writes[0]!.text, file, {isRoot: false, paths: testPaths});
	assert.deepEqual(written.kind === 'ok' ? written.profile.tunnels.map(tunnel => tunnel.name) : written, ['db', 'host-23306']);
});

test('importFromCommand: a name the file has gets -2, then -3', async () => {
	const h1 = `${hasDb}  h-1:\n    host: h\n    local: [1:a:3]\n`;
	const fake = fakeProfileFile({text: h1});
	const result = await importFromCommand(fake.deps, ['ssh', '-L', '1:a:2', 'h'], {});
	assert.equal(result.kind === 'imported' ? result.name : result.kind, 'h-1-2');
	const again = fakeProfileFile({text: `${h1}  h-1-2:\n    host: h\n    local: [1:a:4]\n`});
	const third = await importFromCommand(again.deps, ['ssh -L 1:a:2 h'], {});
	assert.equal(third.kind === 'imported' ? third.name : third.kind, 'h-1-3');
});

test('importFromCommand: a command the file already has is refused naming its tunnel; --name adds the copy', async () => {
	const twoForwards = `${hasDb}  both:\n    host: h\n    user: me\n    local: [1:a:2, 3:b:4]\n    options: {Compression: 'yes', ConnectTimeout: '5'}\n    restart: always\n`;
	const cases: Array<[string, string[], string]> = [
		['the very line', ['ssh -f -N -L 9906:10.1.0.2:3306 10.1.0.2'], 'db'],
		['its forwards and options in another order, the user another way', ['ssh -o ConnectTimeout=5 -o Compression=yes -L 3:b:4 -L 1:a:2 -l me h'], 'both'],
	];
	for (const [name, words, twin] of cases) {
		const fake = fakeProfileFile({text: twoForwards});
		assert.deepEqual(await importFromCommand(fake.deps, words, {}), {kind: 'refused', refusal: {kind: 'already-there', name: twin, file}}, name);
		assert.deepEqual(fake.writes, [], name);
	}

	for (const [name, words] of [['another port', ['ssh -L 9907:10.1.0.2:3306 10.1.0.2']], ['another user', ['ssh -L 9906:10.1.0.2:3306 me@10.1.0.2']]] as const) {
		const fake = fakeProfileFile({text: twoForwards});
		assert.equal((await importFromCommand(fake.deps, [...words], {})).kind, 'imported', name);
	}

	const copy = fakeProfileFile({text: twoForwards});
	const forced = await importFromCommand(copy.deps, ['ssh -L 9906:10.1.0.2:3306 10.1.0.2'], {name: 'db-copy'});
	assert.equal(forced.kind === 'imported' ? forced.name : forced.kind, 'db-copy');
	assert.equal(copy.writes.length, 1);
});

test('importFromCommand: --name that the file has is refused naming the file; nothing is written', async () => {
	const fake = fakeProfileFile({text: hasDb});
	const result = await importFromCommand(fake.deps, ['ssh -L 1:a:2 h'], {name: 'db'});
	assert.deepEqual(result, {kind: 'refused', refusal: {kind: 'name-taken', name: 'db', file}});
	assert.deepEqual(fake.writes, []);
});

test('importFromCommand: a dry run says what it would add and writes nothing', async () => {
	const fake = fakeProfileFile();
	const result = await importFromCommand(fake.deps, ['ssh -f -N -L 5433:db:5432 me@bastion'], {dryRun: true, name: 'pg'});
	assert.equal(result.kind === 'imported' && result.written, false);
	assert.equal(result.kind === 'imported' ? result.minimal : result.kind, 'ssh -f -N -L 5433:db:5432 me@bastion');
	assert.deepEqual(fake.writes, []);
});

test('importFromCommand: what is not an ssh command a profile can hold is refused before the file is read', async () => {
	const cases: Array<[string[], unknown]> = [
		[[], {kind: 'no-command'}],
		[['scp -L 1:a:2 h'], {kind: 'not-ssh', program: 'scp'}],
		[['ssh -L 1:a:2 h; reboot'], {kind: 'unsplittable', message: '`;` would make a shell do more than run ssh; paste the ssh command alone'}],
		[['ssh', '-W', 'x:1', 'h'], {kind: 'unrepresentable', message: '-W is not supported by tunnels', hint: 'stdio forwarding is not a tunnel'}],
	];
	for (const [words, refusal] of cases) {
		const fake = fakeProfileFile({text: hasDb});
		const result = await importFromCommand(fake.deps, words, {});
		assert.deepEqual(result, {kind: 'refused', refusal}, words.join(' '));
		assert.equal(fake.reads(), 0, words.join(' '));
	}
});

test('importFromCommand: an entry that fails validation is refused with its own errors only', async () => {
	const fake = fakeProfileFile({text: hasDb});
	const result = await importFromCommand(fake.deps, ['ssh -L 1:a:2 h'], {name: 'no spaces'});
	assert.equal(result.kind, 'refused');
	const refusal = result.kind === 'refused' ? result.refusal : undefined;
	assert.equal(refusal?.kind, 'invalid-entry');
	assert.ok(refusal?.kind === 'invalid-entry' && refusal.issues.length > 0 && refusal.issues.every(issue => issue.tunnel === 'no spaces' && issue.severity === 'error'));
	assert.deepEqual(fake.writes, []);
});

test('importFromSshConfig: the entry connects where the Host resolves, and says what it does not carry', async () => {
	const fake = fakeProfileFile({answer: argv => answer(argv.at(-1) === 'fwd-local' ? 'fwd-local' : 'entry')});
	const result = await importFromSshConfig(fake.deps, 'ssh:fwd-local', {});
	assert.equal(result.kind, 'imported');
	assert.deepEqual(result.kind === 'imported' ? [result.name, result.entry.host, result.notCarried] : result, ['fwd-local', '127.0.0.1', ['ServerAliveInterval 7']]);
	assert.deepEqual(fake.queries.map(argv => argv.at(-1)), ['fwd-local', 'bob@127.0.0.1']);
	assert.equal(fake.writes.length, 1);
});

test('importFromSshConfig: the same Host twice is refused the second time, naming the first', async () => {
	const first = fakeProfileFile({answer: argv => answer(argv.at(-1) === 'fwd-local' ? 'fwd-local' : 'entry')});
	assert.equal((await importFromSshConfig(first.deps, 'ssh:fwd-local', {})).kind, 'imported');
	const second = fakeProfileFile({text: first.writes[0]!.text, answer: argv => answer(argv.at(-1) === 'fwd-local' ? 'fwd-local' : 'entry')});
	assert.deepEqual(await importFromSshConfig(second.deps, 'fwd-local', {}), {kind: 'refused', refusal: {kind: 'already-there', name: 'fwd-local', file}});
	assert.deepEqual(second.writes, []);
});

test('importFromSshConfig: a failing ssh -G is refused naming the ssh config file; nothing is written', async () => {
	const fake = fakeProfileFile({sshConfigFile: '/etc/tunnels/ssh_config', answer: () => ({exitCode: 255, stdout: '', stderr: '/etc/tunnels/ssh_config line 3: Bad configuration option: frobnicate\n', timedOut: false})});
	const result = await importFromSshConfig(fake.deps, 'db', {});
	assert.deepEqual(result, {
		kind: 'refused',
		refusal: {kind: 'ssh-config-failed', host: 'db', exitCode: 255, stderr: '/etc/tunnels/ssh_config line 3: Bad configuration option: frobnicate\n', sshConfigFile: '/etc/tunnels/ssh_config'},
	});
	assert.deepEqual(fake.queries, [['ssh', '-F', '/etc/tunnels/ssh_config', '-T', '-G', '--', 'db']]);
	assert.deepEqual(fake.writes, []);
});

test('importFromSshConfig: what cannot be a Host is refused before anything is read or run', async () => {
	const fake = fakeProfileFile();
	assert.deepEqual(await importFromSshConfig(fake.deps, 'ssh:-oProxyCommand=x', {}), {kind: 'refused', refusal: {kind: 'not-a-host', host: 'ssh:-oProxyCommand=x'}});
	assert.equal(fake.reads(), 0);
	assert.deepEqual(fake.queries, []);
});
