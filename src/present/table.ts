import {visibleInLine} from './visible.js';

/** Left-aligned columns separated by two spaces; the last column is never padded. Cells are written out first (`\x1b`, `\n`): a row stays a row, and its width is what shows. */
export function renderTable(table: ReadonlyArray<readonly string[]>): string {
	const rows = table.map(row => row.map(cell => visibleInLine(cell)));
	const widths: number[] = [];
	for (const row of rows) {
		for (const [index, cell] of row.entries()) {
			widths[index] = Math.max(widths[index] ?? 0, cell.length);
		}
	}

	return rows
		.map(row => row.map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index] ?? 0))).join('  ').trimEnd())
		.join('\n');
}
