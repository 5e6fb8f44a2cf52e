import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseDynamicForward, parseForward, parseHostPort, parseRemoteForward} from '../../src/profile/forward.js';
import {formatForward, formatListen, sshForwardSpec} from '../../src/profile/forward-text.js';
import type {DynamicForward, Forward, RemoteForward} from '../../src/profile/types.js';
import {dynamic, forward, socketForward} from '../support/builders.js';

test('parses ssh forward syntax and formats it back', () => {
	const cases: Array<[string, Forward]> = [
		['9906:10.1.0.2:3306', forward()],
		['10.1.0.1:9906:10.1.0.2:3306', forward({bind: '10.1.0.1'})],
		['0.0.0.0:23306:192.168.4.94:3306', forward({bind: '0.0.0.0', port: 23306, host: '192.168.4.94'})],
		['*:8080:localhost:80', forward({bind: '*', port: 8080, host: 'localhost', hostPort: 80})],
		['[::1]:9906:[fe80::2]:3306', forward({bind: '::1', host: 'fe80::2'})],
		['localhost:9906:db.internal:5432', forward({bind: 'localhost', host: 'db.internal', hostPort: 5432})],
		// A field with a `/` is a socket path (readconf.c parse_fwd_field), on either end.
		['/tmp/docker.sock:/var/run/docker.sock', socketForward('/tmp/docker.sock', '/var/run/docker.sock')],
		['2375:/var/run/docker.sock', socketForward(2375, '/var/run/docker.sock')],
		['127.0.0.1:2375:/var/run/docker.sock', {listen: {kind: 'tcp', bind: '127.0.0.1', port: 2375}, target: {kind: 'unix', path: '/var/run/docker.sock'}}],
		['/run/app.sock:localhost:8080', socketForward('/run/app.sock', {host: 'localhost', port: 8080})],
		['/tmp/a%b.sock:[fe80::2]:80', socketForward('/tmp/a%b.sock', {host: 'fe80::2', port: 80})],
	];
	for (const [spec, expected] of cases) {
		const parsed = parseForward(spec);
		assert.deepEqual(parsed, {kind: 'ok', forward: expected}, spec);
		assert.equal(formatForward(parsed.kind === 'ok' ? parsed.forward : assert.fail()), spec);
	}

	// In brackets a path is read as one field too.
	assert.deepEqual(parseForward('[/tmp/a.sock]:[/b.sock]'), {kind: 'ok', forward: socketForward('/tmp/a.sock', '/b.sock')});
});

test('refuses what ssh would refuse or misread, saying why', () => {
	const cases: Array<[string, string]> = [
		['70000:10.1.0.2:3306', 'listen port must be 1-65535, got `70000`'],
		['9906:10.1.0.2:0', 'target port must be 1-65535, got `0`'],
		['9906:10.1.0.2', '`9906:10.1.0.2` has no listen port'],
		['10.1.0.2:3306', '`10.1.0.2:3306` has no listen port'],
		['9906', '`9906` is not a forward'],
		['a:b:c:d:e', '`a:b:c:d:e` is not a forward'],
		['9906:-oProxyCommand=x:22', 'target host `-oProxyCommand=x` is not a host name or address'],
		['[::1:9906:h:1', 'unbalanced brackets in `[::1:9906:h:1`'],
		['bad host:9906:h:22', 'bind address `bad host` is not an address'],
		['9906:h:22x', 'target port must be 1-65535, got `22x`'],
		// Socket paths: absolute, one line, nothing ssh expands or splits at, within sun_path.
		['/tmp/a.sock:80', '`/tmp/a.sock:80` has no target'],
		['/tmp/a.sock', '`/tmp/a.sock` is not a forward'],
		['run/a.sock:/b.sock', 'listen socket path `run/a.sock` is not absolute'],
		['~/a.sock:/b.sock', 'listen socket path `~/a.sock` is not absolute'],
		['/tmp/a.sock:var/b.sock', 'target socket path `var/b.sock` is not absolute'],
		['/tmp/:/b.sock', 'listen socket path `/tmp/` names a directory'],
		['/tmp/${USER}.sock:/b.sock', 'listen socket path `/tmp/${USER}.sock` contains `$` (ssh would expand it)'],
		['/tmp/a b.sock:/b.sock', 'listen socket path `/tmp/a b.sock` contains ` `'],
		['/tmp/a\nb.sock:/b.sock', 'listen socket path `/tmp/a\\x0ab.sock` contains a control character'],
		['9906:/tmp/a"b', 'target socket path `/tmp/a"b` contains `"`'],
		[`/tmp/${'a'.repeat(103)}:/b.sock`, `listen socket path \`/tmp/${'a'.repeat(103)}\` is 108 bytes long: a Unix socket path must fit in 107 here (Linux 107, macOS and the BSDs 103)`],
		['9906:-x/y', 'target socket path `-x/y` is not absolute'],
	];
	for (const [spec, message] of cases) {
		const parsed = parseForward(spec);
		assert.equal(parsed.kind === 'error' ? parsed.error.message : 'parsed', message, spec);
	}

	assert.equal(parseForward(`/tmp/${'a'.repeat(102)}:/b.sock`).kind, 'ok', '107 bytes fit');
});

test('a remote forward without a target is a SOCKS proxy on the server (-R [bind:]port)', () => {
	const socks = (bind: string | undefined, port: number): RemoteForward => ({listen: {kind: 'tcp', bind, port}, target: {kind: 'socks'}});
	const cases: Array<[string, RemoteForward]> = [
		['1080', socks(undefined, 1080)],
		['127.0.0.1:1080', socks('127.0.0.1', 1080)],
		['[::1]:1080', socks('::1', 1080)],
		['9906:10.1.0.2:3306', forward()],
		['/run/app.sock:localhost:8080', socketForward('/run/app.sock', {host: 'localhost', port: 8080})],
		['8080:/run/app.sock', socketForward(8080, '/run/app.sock')],
	];
	for (const [spec, expected] of cases) {
		const parsed = parseRemoteForward(spec);
		assert.deepEqual(parsed, {kind: 'ok', forward: expected}, spec);
		assert.equal(formatForward(expected), spec);
	}

	const refused: Array<[string, string]> = [
		['/tmp/socks.sock', '`/tmp/socks.sock`: ssh cannot serve a SOCKS proxy on a socket path on the server'],
		['0', 'listen port must be 1-65535, got `0`'],
		['bad host:1080', 'bind address `bad host` is not an address'],
	];
	for (const [spec, message] of refused) {
		const parsed = parseRemoteForward(spec);
		assert.equal(parsed.kind === 'error' ? parsed.error.message : 'parsed', message, spec);
	}
});

test('a dynamic forward is [bind:]port or a socket path, with no target', () => {
	const cases: Array<[string, DynamicForward]> = [
		['1080', dynamic()],
		['127.0.0.1:1080', dynamic(1080, '127.0.0.1')],
		['[::1]:1080', dynamic(1080, '::1')],
		['*:1080', dynamic(1080, '*')],
		['/run/user/1000/socks.sock', dynamic('/run/user/1000/socks.sock')],
	];
	for (const [spec, expected] of cases) {
		assert.deepEqual(parseDynamicForward(spec), {kind: 'ok', forward: expected}, spec);
		assert.equal(formatListen(expected.listen), spec);
	}

	const refused: Array<[string, string]> = [
		['1080:x:80', '`1080:x:80` is not a SOCKS listener: a dynamic forward has no target'],
		['1080:/x.sock', '`1080:/x.sock` is not a SOCKS listener: a dynamic forward has no target'],
		['70000', 'listen port must be 1-65535, got `70000`'],
		['-oProxyCommand=x:1080', 'bind address `-oProxyCommand=x` is not an address'],
		['socks.sock/', 'listen socket path `socks.sock/` is not absolute'],
		['[::1:1080', 'unbalanced brackets in `[::1:1080`'],
	];
	for (const [spec, message] of refused) {
		const parsed = parseDynamicForward(spec);
		assert.equal(parsed.kind === 'error' ? parsed.error.message : 'parsed', message, spec);
	}
});

test('sshForwardSpec: what ssh gets, `%` in socket paths written `%%` (ssh expands tokens there)', () => {
	assert.equal(sshForwardSpec({kind: 'local', forward: socketForward('/tmp/a%b.sock', '/run/%h.sock')}), '/tmp/a%%b.sock:/run/%%h.sock');
	assert.equal(sshForwardSpec({kind: 'remote', forward: socketForward('/run/a%.sock', {host: 'localhost', port: 80})}), '/run/a%%.sock:localhost:80');
	assert.equal(sshForwardSpec({kind: 'dynamic', forward: dynamic('/tmp/s%.sock')}), '/tmp/s%%.sock');
	assert.equal(sshForwardSpec({kind: 'dynamic', forward: dynamic(1080, '::1')}), '[::1]:1080');
	assert.equal(sshForwardSpec({kind: 'local', forward: forward({bind: '::1', host: 'fe80::2'})}), '[::1]:9906:[fe80::2]:3306');
});

test('parseHostPort: a probe target', () => {
	assert.deepEqual(parseHostPort('intranet.example:80'), {kind: 'ok', value: {kind: 'tcp', host: 'intranet.example', port: 80}});
	assert.deepEqual(parseHostPort('[fd00::1]:8080'), {kind: 'ok', value: {kind: 'tcp', host: 'fd00::1', port: 8080}});
	assert.deepEqual(parseHostPort('intranet'), {kind: 'error', error: {message: '`intranet` is not host:port', hint: 'e.g. intranet.example:80 or [fd00::1]:80'}});
	assert.deepEqual(parseHostPort('/x:80'), {kind: 'error', error: {message: '`/x:80` is not host:port', hint: 'e.g. intranet.example:80 or [fd00::1]:80'}});
	assert.equal(parseHostPort('h:0').kind, 'error');
});
