import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {testPaths} from '../support/builders.js';
import {parseProfile, type ProfileParse} from '../../src/profile/parse.js';
import {buildSshArgv} from '../../src/ssh/argv.js';
import {quoteCommand} from '../../src/ssh/quote.js';
import {fixturesDirectory} from '../support/paths.js';

type Expected = {controlDirectory: string; tunnels: Record<string, {minimal: string; managed: string}>};

test('every fixture tunnel builds exactly the expected command lines', () => {
	const file = path.join(fixturesDirectory, 'profiles', 'scenarios.yaml');
	// `~` in the profile is the home directory of the password database: `{home}` in the expected lines.
	const expected = JSON.parse(readFileSync(path.join(fixturesDirectory, 'profiles', 'scenarios.expected.json'), 'utf8').replaceAll('{home}', testPaths.home)) as Expected;
	const parsed = parseProfile(readFileSync(file, 'utf8'), file, {isRoot: false, paths: testPaths});
	assert.equal(parsed.kind, 'ok', JSON.stringify(parsed));
	const tunnels = parsed.kind === 'ok' ? parsed.profile.tunnels : [];
	assert.deepEqual(tunnels.map(tunnel => tunnel.name), Object.keys(expected.tunnels));
	for (const tunnel of tunnels) {
		const lines = expected.tunnels[tunnel.name]!;
		assert.equal(quoteCommand(buildSshArgv(tunnel, {kind: 'minimal'})), lines.minimal, tunnel.name);
		const managed = buildSshArgv(tunnel, {kind: 'managed', context: {
			sshBinary: 'ssh', sshConfigFile: undefined, controlPath: `${expected.controlDirectory}/${tunnel.name}`, batch: true,
		}});
		assert.equal(quoteCommand(managed), lines.managed, tunnel.name);
	}
});

test('the managed argv ends options with -- before the destination and passes -F first', () => {
	const parsed = parseProfile('tunnels:\n  db:\n    host: h\n    local: [1:a:2]\n', 'f', {isRoot: false, paths: testPaths});
	assert.equal(parsed.kind, 'ok');
	const tunnel = parsed.kind === 'ok' ? parsed.profile.tunnels[0]! : assert.fail();
	const argv = buildSshArgv(tunnel, {kind: 'managed', context: {sshBinary: '/opt/ssh', sshConfigFile: '/t/cfg', controlPath: '/d/50%', batch: false}});
	assert.deepEqual(argv, [
		'/opt/ssh', '-F', '/t/cfg', '-f', '-N',
		'-o', 'ExitOnForwardFailure=yes', '-o', 'ControlMaster=yes', '-o', 'ControlPath=/d/50%%', '-o', 'ControlPersist=no', '-o', 'ConnectTimeout=15',
		'-o', 'ServerAliveInterval=15', '-o', 'ServerAliveCountMax=3', '-L', '1:a:2', '--', 'h',
	]);
});

test('issues carry file, line, tunnel and field, sorted by line', () => {
	const text = [
		'tunnels:',
		'  db:',
		'    host: 10.1.0.2',
		'    local:',
		'      - 9906:10.1.0.2:3306',
		'      - {port: 70000, host: x, hostPort: 1}',
		'  other:',
		'    hots: x',
	].join('\n');
	const parsed = parseProfile(text, 'p.yaml', {isRoot: false, paths: testPaths});
	assert.equal(parsed.kind, 'invalid');
	const issues = parsed.kind === 'invalid' ? parsed.issues : [];
	assert.deepEqual(issues.map(issue => [issue.line, issue.tunnel, issue.field, issue.message]), [
		[6, 'db', 'local[1]', 'listen port must be 1-65535, got `70000`'],
		[7, 'other', undefined, '`host` is missing'],
		[7, 'other', undefined, 'the tunnel forwards nothing'],
		[8, 'other', 'hots', 'unknown key `hots`'],
	]);
});

test('warns about privileged ports for non-root users and ports claimed twice', () => {
	const text = 'tunnels:\n  a:\n    host: h\n    local: [80:x:80]\n  b:\n    host: h\n    gateway: true\n    local: [80:y:80]\n  c:\n    host: h\n    local: [127.0.0.2:80:z:80]\n';
	const asUser = parseProfile(text, 'p', {isRoot: false, paths: testPaths});
	const asRoot = parseProfile(text, 'p', {isRoot: true, paths: testPaths});
	assert.equal(asUser.kind, 'ok');
	const messages = (result: ProfileParse) => (result.kind === 'ok' ? result.warnings.map(issue => `${issue.tunnel}: ${issue.message}`) : []);
	assert.deepEqual(messages(asRoot), [
		'b: port 80 is also claimed by tunnel `a` (local[0]): only one can run at a time',
		'c: port 80 is also claimed by tunnel `b` (local[0]): only one can run at a time',
	]);
	assert.equal(messages(asUser).filter(message => message.endsWith('needs root')).length, 3);
});

test('JSON is accepted as well as YAML, and options normalize keyword case and booleans', () => {
	const parsed = parseProfile('{"tunnels": {"db": {"host": "h", "local": ["1:a:2"], "options": {"compression": true}}}}', 'p.json', {isRoot: false, paths: testPaths});
	assert.equal(parsed.kind, 'ok');
	assert.deepEqual(parsed.kind === 'ok' ? parsed.profile.tunnels[0]!.options : [], [{keyword: 'Compression', value: 'yes'}]);
});

test('an empty file is an empty profile', () => {
	const parsed = parseProfile('# nothing yet\n', 'p', {isRoot: false, paths: testPaths});
	assert.deepEqual(parsed.kind === 'ok' ? parsed.profile.tunnels : 'invalid', []);
});

test('a YAML alias bomb is an error of the file, naming the limit, not a crash', () => {
	// Nine levels of nine aliases each: 9^9 strings once expanded.
	const levels = 'bcdefghi'.split('');
	const text = [
		'a: &a ["x","x","x","x","x","x","x","x","x"]',
		...levels.map((name, index) => `${name}: &${name} [${Array.from({length: 9}, () => `*${index === 0 ? 'a' : levels[index - 1]}`).join(',')}]`),
		'tunnels: {}',
	].join('\n');
	const parsed = parseProfile(text, '/p/tunnels.yaml', {isRoot: false, paths: testPaths});
	assert.equal(parsed.kind, 'invalid');
	assert.deepEqual(parsed.issues.map(issue => [issue.line, issue.message]), [[2, 'YAML: too many aliases to expand (bound: 100): refusing a file that grows this much (an alias bomb?)']]);
	const fine = parseProfile('tunnels:\n  db: {host: &h bastion, local: [9906:127.0.0.2:3306]}\n  pg: {host: *h, local: [9907:127.0.0.2:5432]}\n', '/p/tunnels.yaml', {isRoot: false, paths: testPaths});
	assert.equal(fine.kind, 'ok', `a few aliases are fine: ${JSON.stringify(fine)}`);
});
