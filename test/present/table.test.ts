import assert from 'node:assert/strict';
import {test} from 'node:test';
import {renderTable} from '../../src/present/table.js';

test('left-aligned columns, two spaces apart, the last column never padded', () => {
	const cases: Array<[string, ReadonlyArray<readonly string[]>, string]> = [
		['no rows', [], ''],
		['one cell', [['NAME']], 'NAME'],
		['widths from the widest cell of each column',
			[['NAME', 'STATE', 'PID'], ['mysql-b', 'up', '4242'], ['db', 'stale: more than one process', '4242,4300']],
			'NAME     STATE                         PID\n'
			+ 'mysql-b  up                            4242\n'
			+ 'db       stale: more than one process  4242,4300'],
		['empty trailing cells leave no trailing spaces',
			[['NAME', 'FORWARD', 'VIA'], ['mysql-b', 'L 127.0.0.1:9906 → 10.1.0.2:3306', 'root@10.1.0.2'], ['', 'R server:9908 → 10.1.0.2:3306', '']],
			'NAME     FORWARD                           VIA\n'
			+ 'mysql-b  L 127.0.0.1:9906 → 10.1.0.2:3306  root@10.1.0.2\n'
			+ '         R server:9908 → 10.1.0.2:3306'],
		['a shorter row\'s own last cell is not padded',
			[['a', 'bb', 'ccc'], ['dddd', 'e']],
			'a     bb  ccc\n'
			+ 'dddd  e'],
		['an empty first column still takes its width',
			[['', 'x'], ['', 'y']],
			'  x\n  y'],
	];
	for (const [name, rows, expected] of cases) {
		assert.equal(renderTable(rows), expected, name);
	}
});
