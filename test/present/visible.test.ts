import assert from 'node:assert/strict';
import {test} from 'node:test';
import {visible} from '../../src/present/visible.js';
import {describeHolder} from '../../src/present/holders.js';
import {renderTable} from '../../src/present/table.js';
import {formatIssue} from '../../src/profile/issue.js';
import {parseProfile} from '../../src/profile/parse.js';
import {testPaths} from '../support/builders.js';

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

test('a newline in a profile value stays inside its issue\'s line: a host "h\\nerror: …" does not print a line of its own (issue 13, item 11)', () => {
	const parsed = parseProfile('tunnels:\n  db:\n    host: "h\\nerror: tunnel `x` is fine"\n    local: [9906:x:3306]\n', '/p.yaml', {isRoot: true, paths: testPaths});
	const text = parsed.kind === 'invalid' ? parsed.issues.map(issue => formatIssue(issue)).join('\n') : '';
	assert.deepEqual(text.split('\n'), [
		String.raw`/p.yaml:3: error: tunnel ${'`db`'}, host: ${'`h\\nerror: tunnel `x` is fine`'} is not a host name or address`,
		'  hint: a host is letters, digits, `.`, `-`, `_` or an IP address (IPv6 without brackets), never starting with `-`',
	]);
});

test('a table cell and a holder\'s command line stay on their line, written out, and the columns still line up (issue 13, item 11)', () => {
	assert.equal(renderTable([['PID', 'VIA'], ['7', 'h\u001B[2J'], ['8', 'a\nb']]), ['PID  VIA', String.raw`7    h\x1b[2J`, String.raw`8    a\nb`].join('\n'));
	assert.equal(renderTable([['h\u001B[2J', 'x'], ['abcdefgh', 'y']]), [String.raw`h\x1b[2J  x`, 'abcdefgh  y'].join('\n'));
	assert.equal(describeHolder({kind: 'process', pid: 77, command: 'nc -l 9906 \nerror: fake\u001B]52;c;aGk=\u0007'}), String.raw`pid 77 (nc -l 9906 \nerror: fake\x1b]52;c;aGk=\x07)`);
});
