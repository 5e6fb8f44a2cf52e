import assert from 'node:assert/strict';
import {test} from 'node:test';
import {formatForward, parseForward} from '../../src/profile/forward.js';

test('parses ssh forward syntax and formats it back', () => {
	const cases: Array<[string, {bind?: string; port: number; host: string; hostPort: number}]> = [
		['9906:10.1.0.2:3306', {port: 9906, host: '10.1.0.2', hostPort: 3306}],
		['10.1.0.1:9906:10.1.0.2:3306', {bind: '10.1.0.1', port: 9906, host: '10.1.0.2', hostPort: 3306}],
		['0.0.0.0:23306:192.168.4.94:3306', {bind: '0.0.0.0', port: 23306, host: '192.168.4.94', hostPort: 3306}],
		['*:8080:localhost:80', {bind: '*', port: 8080, host: 'localhost', hostPort: 80}],
		['[::1]:9906:[fe80::2]:3306', {bind: '::1', port: 9906, host: 'fe80::2', hostPort: 3306}],
		['localhost:9906:db.internal:5432', {bind: 'localhost', port: 9906, host: 'db.internal', hostPort: 5432}],
	];
	for (const [spec, expected] of cases) {
		const parsed = parseForward(spec);
		assert.deepEqual(parsed, {kind: 'ok', forward: {bind: undefined, ...expected}}, spec);
		assert.equal(formatForward(parsed.kind === 'ok' ? parsed.forward : assert.fail()), spec);
	}
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
	];
	for (const [spec, message] of cases) {
		const parsed = parseForward(spec);
		assert.equal(parsed.kind === 'error' ? parsed.error.message : 'parsed', message, spec);
	}
});
