import assert from 'node:assert/strict';
import {test} from 'node:test';
import {visible} from '../../src/present/visible.js';

test('control characters are written out, never emitted; text, tabs, newlines and other scripts are kept (issue 13, item 11)', () => {
	const cases: Array<[string, string]> = [
		['db (port 9906)', 'db (port 9906)'],
		['a\tb\nc', 'a\tb\nc'],
		['prod \u001B]52;c;aGk=\u0007 db', String.raw`prod \x1b]52;c;aGk=\x07 db`],
		['\u001B[2J\u001B[H', String.raw`\x1b[2J\x1b[H`],
		['over\rwrite', String.raw`over\x0dwrite`],
		['nul\u0000 del\u007F', String.raw`nul\x00 del\x7f`],
		['csi\u009B31m', String.raw`csi\x9b31m`],
		['evil\u202Etxt.exe', String.raw`evil\u202etxt.exe`],
		['Zürich → 東京 ✓', 'Zürich → 東京 ✓'],
	];
	for (const [text, shown] of cases) {
		assert.equal(visible(text), shown, JSON.stringify(text));
	}
});
