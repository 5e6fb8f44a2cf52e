import {visibleInLine} from './visible.js';

/**
 * How a table gives way to a narrow terminal, in order: `cut` columns shrink (down to `min`, their
 * cells ending in an ellipsis), then `drop` columns go, one at a time. A column in neither keeps its
 * whole text: the forward, whose ports tell the rows apart, is never cut.
 */
export type TableFit = {
	readonly width: number;
	readonly steps: ReadonlyArray<{readonly cut: number; readonly min: number} | {readonly drop: number}>;
};

const gap = 2;

/** Left-aligned columns separated by two spaces; the last column is never padded. Cells are written out first (`\x1b`, `\n`): a row stays a row, and its width is what shows. */
export function renderTable(table: ReadonlyArray<readonly string[]>, fit?: TableFit): string {
	const rows = table.map(row => row.map(cell => visibleInLine(cell)));
	const widths: number[] = [];
	for (const row of rows) {
		for (const [index, cell] of row.entries()) {
			widths[index] = Math.max(widths[index] ?? 0, [...cell].length);
		}
	}

	const shown = fit === undefined ? widths.map((_, index) => index) : fitted(widths, fit);
	return rows
		.map(row => shown.filter(index => index < row.length).map((index, position, all) => {
			const cell = cut(row[index]!, widths[index]!);
			return position === all.length - 1 ? cell : cell.padEnd(widths[index]! + cell.length - [...cell].length);
		}).join(' '.repeat(gap)).trimEnd())
		.join('\n');
}

/** The columns that stay, narrowing `widths` in place as the fit's steps say, until the table fits. */
function fitted(widths: number[], {width, steps}: TableFit): number[] {
	let shown = widths.map((_, index) => index);
	const total = () => shown.reduce((sum, index) => sum + widths[index]!, 0) + gap * (shown.length - 1);
	for (const step of steps) {
		const over = total() - width;
		if (over <= 0) {
			break;
		}

		if ('drop' in step) {
			shown = shown.filter(index => index !== step.drop);
		} else if (widths[step.cut] !== undefined) {
			widths[step.cut] = Math.max(step.min, widths[step.cut]! - over);
		}
	}

	return shown;
}

function cut(cell: string, width: number): string {
	const characters = [...cell];
	return characters.length <= width ? cell : `${characters.slice(0, Math.max(0, width - 1)).join('')}…`;
}
