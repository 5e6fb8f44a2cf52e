import {Box} from 'ink';
import {Text} from '../text.js';
import type {StrayTunnel} from '../../core/observe.js';
import {describeViewForwards} from '../../present/forwards.js';
import {strayKind} from '../../tunnel/origin.js';
import {uptime} from '../../present/status.js';
import {columnLayout, fit, rowCells, stateLook, type Column, type ColumnLayout, type Palette, type StateLook} from '../look.js';
import type {WatchState} from '../../watch/events.js';
import {describeWatchFailure, describeWatchState} from '../../present/watch.js';
import type {Busy} from '../model.js';
import type {ListRow} from '../rows.js';

export type TunnelListProps = {
	/** every row the filter leaves: the columns are as wide as all of them need, so scrolling does not move them */
	readonly rows: readonly ListRow[];
	/** the first row on screen and how many fit */
	readonly top: number;
	readonly height: number;
	readonly selected: string | undefined;
	readonly busy: Readonly<Record<string, Busy>>;
	readonly frame: number;
	readonly width: number;
	readonly now: Date;
	readonly palette: Palette;
	/** the UI's watcher's states, while it runs */
	readonly watch: readonly WatchState[] | undefined;
};

const columnOrder: readonly Column[] = ['state', 'name', 'forward', 'via', 'pid', 'up'];

type Cells = Record<Exclude<Column, 'state'>, string>;

/** One line per row: state, name, first forward, route, PID, uptime; columns drop as the terminal narrows. */
export function TunnelList({rows, top, height, selected, busy, frame, width, now, palette, watch}: TunnelListProps) {
	const cells = rows.map(row => cellsOf(row, now));
	const longest = (column: 'name' | 'forward' | 'via') => Math.max(0, ...cells.map(cell => [...cell[column]].length));
	// Two characters for the selection marker.
	const layout = columnLayout(width - 2, {name: longest('name'), forward: longest('forward'), via: longest('via')});
	const columns = columnOrder.filter(column => layout[column] !== undefined);
	return (
		<Box flexDirection='column'>
			<Text color={palette.quiet} wrap='truncate'>{`  ${columns.map(column => fit(column === 'state' && layout.state! < 4 ? '' : column.toUpperCase(), layout[column]!)).join('').trimEnd()}`}</Text>
			{rows.slice(top, top + height).map((row, index) => {
				const isSelected = row.key === selected;
				const marker = isSelected ? '› ' : '  ';
				if (row.kind === 'group') {
					return <Text key={row.key} bold wrap='truncate' inverse={isSelected}>{`${marker}${row.open ? '▾' : '▸'} Running outside the profile (${row.count})${row.open ? '' : ' · enter shows them'}`}</Text>;
				}

				const look = row.kind === 'tunnel'
					? stateLook(row.view.status, busy[row.key], frame, watch?.find(state => state.name === row.key))
					: strayLook(row.stray);
				const rest = columns.filter(column => column !== 'state').map(column => cellIn(cells[top + index]![column as keyof Cells], layout[column]!)).join('').trimEnd();
				return (
					<Text key={row.key} wrap='truncate' inverse={isSelected}>
						{marker}
						<Text color={palette[look.tone]}>{stateCell(look, layout)}</Text>
						{rest}
					</Text>
				);
			})}
		</Box>
	);
}

function stateCell(look: StateLook, layout: ColumnLayout): string {
	const width = layout.state!;
	return width < 4 ? fit(look.glyph, width) : cellIn(`${look.glyph} ${look.word}`, width);
}

/** A cell cut inside its column, so that its ellipsis never runs into the next one. */
function cellIn(text: string, width: number): string {
	return fit(text, Math.max(1, width - 1)).padEnd(width);
}

function cellsOf(row: ListRow, now: Date): Cells {
	switch (row.kind) {
		case 'tunnel': {
			return rowCells(row.view, now);
		}

		case 'stray': {
			const {process, view} = row.stray;
			return {name: `pid ${process.pid}`, forward: describeViewForwards(view.forwards).join(', '), via: view.destination ?? '', pid: String(process.pid), up: uptime(process.startedAt, now)};
		}

		case 'group': {
			return {name: '', forward: '', via: '', pid: '', up: ''};
		}
	}
}

/** A master of ours left by a deleted profile entry is stale; another profile file's is that file's; the rest only run outside the profile. */
function strayLook(stray: StrayTunnel): StateLook {
	switch (strayKind(stray)) {
		case 'orphan': {
			return {glyph: '!', word: 'orphan', tone: 'warn'};
		}

		case 'other-profile': {
			return {glyph: '·', word: 'other file', tone: 'quiet'};
		}

		case 'outside': {
			return {glyph: '·', word: 'outside', tone: 'quiet'};
		}
	}
}

/** `reconnecting (attempt 3, next in 8 s) · 2 restarts · last: process gone (pid 4893)` */
export function watchLine(state: WatchState, now: Date): string {
	return [
		describeWatchState(state, now),
		...(state.restarts === 0 ? [] : [`${state.restarts} restart${state.restarts === 1 ? '' : 's'}`]),
		...(state.lastFailure === undefined ? [] : [`last: ${describeWatchFailure(state.lastFailure)}`]),
	].join(' · ');
}

/**
 * The first row to show so that the selected one is on screen, moving the window as little as
 * possible; and as many of the `following` rows after it as fit (an opened group's members, which
 * would otherwise open below the screen), the selected one staying on it.
 */
export function scrollTop(previous: number, selected: number, height: number, count: number, following = 0): number {
	const last = Math.max(0, count - height);
	const shown = selected < 0 ? previous : selected < previous ? selected : selected >= previous + height ? selected - height + 1 : previous;
	const top = selected >= 0 && selected + following >= shown + height ? Math.min(selected, selected + following - height + 1) : shown;
	return Math.min(last, Math.max(0, top));
}
