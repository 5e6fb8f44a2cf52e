import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {testPaths} from '../support/builders.js';
import {parseProfile, type ProfileParse} from '../../src/profile/parse.js';
import {buildSshArgv} from '../../src/ssh/argv.js';
import {quoteCommand} from '../../src/ssh/quote.js';
import {dynamic, socketForward} from '../support/builders.js';
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
		assert.equal(quoteCommand(buildSshArgv(tunnel, {kind: 'minimal', sshConfigFile: undefined})), lines.minimal, tunnel.name);
		const managed = buildSshArgv(tunnel, {kind: 'managed', context: {
			sshBinary: 'ssh', sshConfigFile: undefined, controlPath: `${expected.controlDirectory}/${tunnel.name}`, logFile: `${expected.controlDirectory}/.state/${tunnel.name}.log`, batch: true,
		}});
		assert.equal(quoteCommand(managed), lines.managed, tunnel.name);
	}
});

test('the managed argv ends options with -- before the destination and passes -F first', () => {
	const parsed = parseProfile('tunnels:\n  db:\n    host: h\n    local: [1:a:2]\n', 'f', {isRoot: false, paths: testPaths});
	assert.equal(parsed.kind, 'ok');
	const tunnel = parsed.kind === 'ok' ? parsed.profile.tunnels[0]! : assert.fail();
	const argv = buildSshArgv(tunnel, {kind: 'managed', context: {sshBinary: '/opt/ssh', sshConfigFile: '/t/cfg', controlPath: '/d/50%', logFile: '/d/.state/db 50%.log', batch: false}});
	assert.deepEqual(argv, [
		'/opt/ssh', '-F', '/t/cfg', '-E', '/d/.state/db 50%.log', '-f', '-N',
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

test('jump: one host or a list, each [user@]host[:port] or a config alias; a bad hop is named with its line and index', () => {
	const ok = parseProfile([
		'tunnels:',
		'  one:',
		'    host: db',
		'    jump: bastion',
		'    local: [19001:a:2]',
		'  chain:',
		'    host: 10.1.0.3',
		'    jump: [ops@gate.example.com:2200, 10.1.0.2, "[fe80::1%eth0]:22", "u@[::1]"]',
		'    local: [19002:a:2]',
	].join('\n'), 'p.yaml', {isRoot: false, paths: testPaths});
	assert.equal(ok.kind, 'ok', JSON.stringify(ok));
	assert.deepEqual(ok.kind === 'ok' ? ok.profile.tunnels.map(tunnel => tunnel.jump) : [], [['bastion'], ['ops@gate.example.com:2200', '10.1.0.2', '[fe80::1%eth0]:22', 'u@[::1]']]);

	const bad = parseProfile([
		'tunnels:',
		'  db:',
		'    host: 10.1.0.3',
		'    jump:',
		'      - bastion',
		'      - bastion:70000',
		'      - a,b',
		'      - -oProxyCommand=x',
		'    local: [19003:a:2]',
	].join('\n'), 'p.yaml', {isRoot: false, paths: testPaths});
	assert.equal(bad.kind, 'invalid');
	assert.deepEqual(bad.kind === 'invalid' ? bad.issues.map(issue => [issue.line, issue.tunnel, issue.field, issue.message, issue.hint]) : [], [
		[6, 'db', 'jump[1]', 'the jump host\'s port must be 1-65535, got `70000`', undefined],
		[7, 'db', 'jump[2]', '`a,b` is not a jump host', 'write [user@]host[:port] (an IPv6 address in brackets), or a list of them for several hops'],
		[8, 'db', 'jump[3]', '`-oProxyCommand=x` is not a jump host', 'write [user@]host[:port] (an IPv6 address in brackets), or a list of them for several hops'],
	]);
});

test('dynamic, socket paths and probe: every bad value named with its line, tunnel and field', () => {
	const text = [
		'tunnels:',
		'  s:',
		'    host: h',
		'    dynamic:',
		'      - 1080:x:80',
		'      - {port: 1081, path: /tmp/s}',
		'      - {bind: 1, port: 2}',
		'      - {port: 1082, hostPort: 3}',
		'      - [1]',
		'    remote:',
		'      - /tmp/r.sock',
		'      - {path: /run/x.sock}',
		'      - {port: 9000, hostPath: run/x.sock}',
		'      - {port: 9001, host: h, hostPort: 1, hostPath: /x.sock}',
		'    local:',
		'      - /tmp/${HOME}.sock:/r.sock',
		'      - {path: 5, host: h, hostPort: 1}',
		'    probe: nohost',
		'  t:',
		'    host: h',
		'    dynamic: 1080',
	].join('\n');
	const parsed = parseProfile(text, 'p.yaml', {isRoot: false, paths: testPaths});
	assert.equal(parsed.kind, 'invalid');
	const issues = parsed.kind === 'invalid' ? parsed.issues : [];
	assert.deepEqual(issues.map(issue => [issue.line, issue.tunnel, issue.field, issue.message, issue.hint]), [
		[5, 's', 'dynamic[0]', '`1080:x:80` is not a SOCKS listener: a dynamic forward has no target', 'write [bind:]port, e.g. 1080 or 127.0.0.1:1080, or a socket path'],
		[6, 's', 'dynamic[1]', 'a forward listens on `port` (with `bind`) or on `path`, not both', undefined],
		[7, 's', 'dynamic[2]', 'bind must be an address', 'e.g. 127.0.0.1, ::1, localhost or *'],
		[8, 's', 'dynamic[3]', 'unknown key `hostPort`', 'a dynamic forward has `bind` (optional) and `port`, or `path`: the SOCKS proxy connects wherever its clients ask'],
		[9, 's', 'dynamic[4]', 'a dynamic forward is a port, a string or a map', 'write 1080, 127.0.0.1:1080 or {bind: 127.0.0.1, port: 1080}'],
		[11, 's', 'remote[0]', '`/tmp/r.sock`: ssh cannot serve a SOCKS proxy on a socket path on the server', 'a remote forward with no target is a SOCKS proxy on the server: write [bind:]port, e.g. 1080'],
		[12, 's', 'remote[1]', 'ssh cannot serve a SOCKS proxy on a socket path on the server', 'a remote forward with no target is a SOCKS proxy on the server: give it `port` (and `bind`)'],
		[13, 's', 'remote[2]', 'target socket path `run/x.sock` is not absolute', 'write the whole path from `/`, e.g. /run/app.sock (ssh does not expand `~` here)'],
		[14, 's', 'remote[3]', 'a forward connects to `host` and `hostPort` or to `hostPath`, not both', undefined],
		[16, 's', 'local[0]', 'listen socket path `/tmp/${HOME}.sock` contains `$` (ssh would expand it)', 'a socket path here is letters, digits and / . _ - + @ = , % ~'],
		[17, 's', 'local[1]', '`path` must be a socket path, got `5`', 'e.g. /var/run/docker.sock'],
		[18, 's', 'probe', '`nohost` is not host:port', 'name a host and port the server can reach, e.g. intranet.example:80'],
		[21, 't', 'dynamic', '`dynamic` must be a list of forwards', 'write `dynamic:` and under it `- 1080`'],
	]);
});

test('a tunnel may be only SOCKS proxies; objects and strings read the same', () => {
	const text = [
		'tunnels:',
		'  socks:',
		'    host: h',
		'    probe: "[fd00::1]:80"',
		'    dynamic: [1080, "127.0.0.1:1081", {bind: "::1", port: 1082}, {path: /tmp/socks.sock}]',
		'    remote: [{port: 1083}, {bind: 0.0.0.0, port: 1084}, {port: 8080, hostPath: /run/app.sock}, {path: /run/a.sock, hostPath: /run/b.sock}]',
		'    local: [{path: /tmp/d.sock, hostPath: /var/run/docker.sock}, {bind: localhost, port: 2375, hostPath: /var/run/docker.sock}]',
	].join('\n');
	const parsed = parseProfile(text, 'p.yaml', {isRoot: false, paths: testPaths});
	assert.equal(parsed.kind, 'ok', JSON.stringify(parsed));
	const tunnel = parsed.kind === 'ok' ? parsed.profile.tunnels[0]! : assert.fail();
	assert.deepEqual(tunnel.probe, {kind: 'tcp', host: 'fd00::1', port: 80});
	assert.deepEqual(tunnel.dynamic, [dynamic(1080), dynamic(1081, '127.0.0.1'), dynamic(1082, '::1'), dynamic('/tmp/socks.sock')]);
	assert.deepEqual(tunnel.remote, [
		{listen: {kind: 'tcp', bind: undefined, port: 1083}, target: {kind: 'socks'}},
		{listen: {kind: 'tcp', bind: '0.0.0.0', port: 1084}, target: {kind: 'socks'}},
		socketForward(8080, '/run/app.sock'),
		socketForward('/run/a.sock', '/run/b.sock'),
	]);
	assert.deepEqual(tunnel.local, [socketForward('/tmp/d.sock', '/var/run/docker.sock'), {listen: {kind: 'tcp', bind: 'localhost', port: 2375}, target: {kind: 'unix', path: '/var/run/docker.sock'}}]);
});

test('warns about a socket path or a SOCKS port claimed by two tunnels', () => {
	const text = 'tunnels:\n  a:\n    host: h\n    local: [/tmp/d.sock:/r.sock]\n    dynamic: [1080]\n  b:\n    host: h\n    dynamic: [/tmp/d.sock]\n    local: [1080:x:1]\n';
	const parsed = parseProfile(text, 'p', {isRoot: false, paths: testPaths});
	assert.deepEqual(parsed.kind === 'ok' ? parsed.warnings.map(issue => [issue.line, issue.tunnel, issue.field, issue.message, issue.hint]) : parsed, [
		[8, 'b', 'dynamic[0]', 'socket /tmp/d.sock is also claimed by tunnel `a` (local[0]): only one can run at a time', 'give one of them another path if both should run'],
		[9, 'b', 'local[0]', 'port 1080 is also claimed by tunnel `a` (dynamic[0]): only one can run at a time', 'give one of them another port if both should run'],
	]);
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

test('tags: a list of names; a bad one is named with its line and index; a repeated one counts once; a typo of restart gets its near value', () => {
	const parsed = parseProfile(['tunnels:', '  db:', '    host: h', '    dynamic: [1080]', '    tags: [db, prod, db]', '  web:', '    host: h', '    dynamic: [1081]', '    tags: [ok, -bad]', '    restart: allways', '  x:', '    host: h', '    dynamic: [1082]', '    tags: db'].join('\n'), 'p.yaml', {isRoot: false, paths: testPaths});
	assert.equal(parsed.kind, 'invalid');
	const issues = parsed.kind === 'invalid' ? parsed.issues : [];
	assert.deepEqual(issues.map(issue => [issue.line, issue.tunnel, issue.field, issue.message, issue.hint]), [
		[9, 'web', 'tags[1]', '`-bad` is not a tag', 'a tag is letters, digits, `.`, `_` and `-`, starting with a letter or digit, at most 64 characters'],
		[10, 'web', 'restart', 'must be always, on-failure or never, got `allways`', 'did you mean `always`?'],
		[14, 'x', 'tags', 'must be a list of tags', 'write e.g. `tags: [db, prod]`'],
	]);
	const good = parseProfile(['tunnels:', '  db:', '    host: h', '    dynamic: [1080]', '    tags: [db, prod, db]'].join('\n'), 'p.yaml', {isRoot: false, paths: testPaths});
	assert.deepEqual(good.kind === 'ok' ? good.profile.tunnels[0]?.tags : undefined, ['db', 'prod']);
});
