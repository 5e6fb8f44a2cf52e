import assert from 'node:assert/strict';
import {test} from 'node:test';
import {globSegment, includePath, literalHostNames, scanConfig, splitConfigWords} from '../../src/ssh-config/hosts.js';

test('scanConfig: Host, Match, Include, forward and CanonicalizeHostname lines in file order, with their line numbers', () => {
	const text = [
		'# a comment',
		'Include ~/.ssh/conf.d/*.conf',
		'Host db db-replica   # two names',
		'  HostName 10.1.0.2',
		'  LocalForward 9906 10.1.0.2:3306',
		'host=web',
		'HOST = "quoted name" *.prod !bastion',
		'Match host 10.1.0.*',
		'  Include "/etc/ssh/with space.conf" other.conf',
		'  remoteforward=9000 localhost:80',
		'Host',
		'Hostname not-a-host-line',
		'\tHost\ttabbed\r',
		'CanonicalizeHostname yes',
		'# LocalForward 1 a:2',
		'constructor x',
	].join('\n');
	assert.deepEqual(scanConfig(text), [
		{kind: 'include', line: 2, patterns: ['~/.ssh/conf.d/*.conf']},
		{kind: 'host', line: 3, patterns: ['db', 'db-replica']},
		{kind: 'forward', line: 5},
		{kind: 'host', line: 6, patterns: ['web']},
		{kind: 'host', line: 7, patterns: ['quoted name', '*.prod', '!bastion']},
		{kind: 'match', line: 8},
		{kind: 'include', line: 9, patterns: ['/etc/ssh/with space.conf', 'other.conf']},
		{kind: 'forward', line: 10},
		{kind: 'host', line: 13, patterns: ['tabbed']},
		{kind: 'canonicalize', line: 14},
	]);
});

test('literalHostNames: only names of one host, never wildcards or negations', () => {
	const cases: Array<[string[], string[]]> = [
		[['db'], ['db']],
		[['db', 'web.example.com', '10.1.0.2'], ['db', 'web.example.com', '10.1.0.2']],
		[['*'], []],
		[['*.prod', 'db?', 'db'], ['db']],
		[['!bastion', 'db'], ['db']],
		[[''], []],
	];
	for (const [patterns, expected] of cases) {
		assert.deepEqual(literalHostNames(patterns), expected, patterns.join(' '));
	}
});

test('splitConfigWords: as ssh splits arguments (misc.c argv_split)', () => {
	const cases: Array<[string, string[]]> = [
		['a b\tc', ['a', 'b', 'c']],
		['  a  ', ['a']],
		['"a b" c', ['a b', 'c']],
		['\'a "b\' c', ['a "b', 'c']],
		['a\\ b', ['a b']],
		['"a\\"b"', ['a"b']],
		['a\\x', ['a\\x']],
		['a # comment', ['a']],
		['a#b', ['a#b']],
		['"#not" # a comment', ['#not']],
		['', []],
	];
	for (const [text, expected] of cases) {
		assert.deepEqual(splitConfigWords(text), expected, text);
	}
});

test('includePath: ~ is the home directory; relative paths are in ~/.ssh', () => {
	const cases: Array<[string, string]> = [
		['/etc/ssh/x.conf', '/etc/ssh/x.conf'],
		['~/conf/x', '/home/me/conf/x'],
		['~', '/home/me'],
		['conf.d/*.conf', '/home/me/.ssh/conf.d/*.conf'],
		['~other/x', '/home/me/.ssh/~other/x'],
	];
	for (const [pattern, expected] of cases) {
		assert.equal(includePath(pattern, '/home/me'), expected, pattern);
	}
});

test('globSegment: glob(7) in one segment; wildcards never match a leading dot', () => {
	assert.equal(globSegment('plain.conf'), undefined);
	const cases: Array<[string, string[], string[]]> = [
		['*.conf', ['a.conf', 'b-c.conf', 'x.y.conf'], ['.hidden.conf', 'a.confx', 'a.con']],
		['?.conf', ['a.conf'], ['ab.conf', '.conf']],
		['[ab]*', ['a', 'b1'], ['c', '.a']],
		['[!ab]*', ['c', 'z9'], ['a', 'b']],
		['.*', ['.hidden'], ['visible']],
		['a+b(*)', ['a+b(1)'], ['aab1']],
		['[x', ['[x'], ['x', '[x!']],
	];
	for (const [segment, matching, other] of cases) {
		const pattern = globSegment(segment);
		assert.ok(pattern, segment);
		for (const name of matching) {
			assert.ok(pattern.test(name), `${segment} matches ${name}`);
		}

		for (const name of other) {
			assert.ok(!pattern.test(name), `${segment} does not match ${name}`);
		}
	}
});
