import assert from 'node:assert/strict';
import {test} from 'node:test';
import {configCandidates, hostLineMatches, mayGetForwards, type ConfigFileTree} from '../../src/ssh-config/candidates.js';
import {scanConfig} from '../../src/ssh-config/hosts.js';

/** A tree from texts: `included` maps an Include's line to the names of the files it read. */
function tree(files: Record<string, string>, file: string, included: Record<number, string[]> = {}, nested: Record<string, Record<number, string[]>> = {}): ConfigFileTree {
	return {
		file,
		text: files[file]!,
		statements: scanConfig(files[file]!),
		included: new Map(Object.entries(included).map(([line, names]) => [Number(line), names.map(name => tree(files, name, nested[name] ?? {}, nested))])),
	};
}

test('configCandidates: literal Host names in ssh\'s order, Include files where their line stands', () => {
	const files = {
		'/c': 'Host first\nInclude x\nHost last *.prod !skip',
		'/a': 'Host a1 a2\n',
		'/b': 'Host b\n',
	};
	assert.deepEqual(configCandidates(tree(files, '/c', {2: ['/a', '/b']})), {
		hosts: [
			{name: 'first', file: '/c', line: 1},
			{name: 'a1', file: '/a', line: 1},
			{name: 'a2', file: '/a', line: 1},
			{name: 'b', file: '/b', line: 1},
			{name: 'last', file: '/c', line: 3},
		],
		forwards: {kind: 'none'},
	});
});

test('configCandidates: where forwards can reach, from the block each forward line stands in', () => {
	const scope = (files: Record<string, string>, included: Record<number, string[]> = {}) => configCandidates(tree(files, '/c', included)).forwards;
	assert.deepEqual(scope({'/c': 'Host db *.prod !x\n  LocalForward 1 a:2\nHost web\n  HostName w'}), {kind: 'hosts', lines: [['db', '*.prod', '!x']]});
	assert.deepEqual(scope({'/c': 'LocalForward 1 a:2\nHost db'}), {kind: 'any'}, 'top level: every host');
	assert.deepEqual(scope({'/c': 'Host db\nMatch host x\n  RemoteForward 1 a:2'}), {kind: 'any'}, 'a Match block: any host ssh -G may match');
	assert.deepEqual(scope({'/c': 'Host db\n  LocalForward 1 a:2\nCanonicalizeHostname yes'}), {kind: 'any'}, 'canonical names match Host lines too');
	// An included file starts in the block of its Include line.
	assert.deepEqual(scope({'/c': 'Host db\n  Include f\nHost web', '/f': 'LocalForward 1 a:2\nHost other\n  LocalForward 3 b:4'}, {2: ['/f']}), {kind: 'hosts', lines: [['db'], ['other']]});
	assert.deepEqual(scope({'/c': 'Include f\nHost web', '/f': 'LocalForward 1 a:2'}, {1: ['/f']}), {kind: 'any'});
	// After the Include, the including file's block again.
	assert.deepEqual(scope({'/c': 'Host db\n  Include f\n  LocalForward 1 a:2', '/f': 'Host other'}, {2: ['/f']}), {kind: 'hosts', lines: [['db']]});
});

test('mayGetForwards and hostLineMatches: ssh\'s patterns, `!` excludes', () => {
	const cases: Array<[string, string[], boolean]> = [
		['db', ['db'], true],
		['DB', ['db'], true],
		['db', ['web'], false],
		['db1.prod', ['*.prod'], true],
		['db1xprod', ['*.prod'], false],
		['db1', ['db?'], true],
		['db12', ['db?'], false],
		['db', ['*', '!db'], false],
		['web', ['*', '!db'], true],
		['db', ['!db'], false],
		['a+b', ['a+b'], true],
		['aab', ['a+b'], false],
	];
	for (const [name, patterns, expected] of cases) {
		assert.equal(hostLineMatches(name, patterns), expected, `${name} ${patterns.join(' ')}`);
	}

	assert.equal(mayGetForwards('db', {kind: 'none'}), false);
	assert.equal(mayGetForwards('db', {kind: 'any'}), true);
	assert.equal(mayGetForwards('db', {kind: 'hosts', lines: [['web'], ['d*']]}), true);
	assert.equal(mayGetForwards('db', {kind: 'hosts', lines: [['web']]}), false);
});
