import assert from 'node:assert/strict';
import {test} from 'node:test';
import {closest, editDistance, suggestionHint} from '../../src/profile/suggest.js';

test('edit distance counts a swap of neighbours as one edit', () => {
	assert.deepEqual([['main', 'mian'], ['status', 'stauts'], ['abc', 'abc'], ['', 'ab'], ['kitten', 'sitting'], ['ca', 'abc']].map(([a, b]) => editDistance(a!, b!)), [1, 1, 0, 2, 3, 3]);
});

test('the near word for a slip of the fingers, none for a different word', () => {
	const cases: Array<[string, readonly string[], string | undefined]> = [
		['db-mian', ['db-main', 'web'], 'db-main'],
		['stauts', ['ls', 'status', 'up'], 'status'],
		['allways', ['always', 'on-failure', 'never'], 'always'],
		['on-falure', ['always', 'on-failure', 'never'], 'on-failure'],
		['hots', ['host', 'user'], 'host'],
		// short words: one edit at most, and never a word that shares nothing
		['xx', ['ls', 'up'], undefined],
		['upp', ['up', 'ls'], 'up'],
		['nope', ['db', 'web'], undefined],
		['DB-MAIN', ['db-main'], 'db-main'],
		['prod', ['db', 'web'], undefined],
	];
	for (const [word, known, expected] of cases) {
		assert.equal(closest(word, known), expected, word);
	}
});

test('the hint: the near word, else the known ones, cut after a bound', () => {
	assert.equal(suggestionHint('db-mian', ['db-main'], 'tunnels here'), 'did you mean `db-main`?');
	assert.equal(suggestionHint('zzz', ['a', 'b'], 'tunnels here'), 'tunnels here: a, b');
	assert.equal(suggestionHint('zzz', ['a', 'b', 'c'], 'tunnels here', 2), 'tunnels here: a, b, … (1 more)');
	assert.equal(suggestionHint('zzz', [], 'tunnels here'), undefined);
});
