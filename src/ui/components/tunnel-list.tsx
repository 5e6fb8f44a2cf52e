import {Box} from 'ink';
import {Text} from '../text.js';
import type {StrayTunnel} from '../../core/observe.js';
import {describeViewForwards} from '../../present/forwards.js';
import {uptime} from '../../present/status.js';
import {columnLayout, fit, rowCells, stateLook, type Column, type Palette} from '../look.js';
import type {WatchState} from '../../watch/events.js';
import {describeWatchFailure, describeWatchState} from '../../present/watch.js';
import type {Busy} from '../model.js';
import type {ActionReport, TunnelView} from '../services.js';

export type TunnelListProps = {
	readonly views: readonly TunnelView[];
	readonly selected: string | undefined;
	readonly busy: Readonly<Record<string, Busy>>;
	readonly reports: Readonly<Record<string, ActionReport>>;
	readonly frame: number;
	readonly width: number;
	readonly now: Date;
	readonly palette: Palette;
	/** the UI's watcher's states, while it runs */
	readonly watch: readonly WatchState[] | undefined;
};

const columnOrder: readonly Column[] = ['state', 'name', 'forward', 'via', 'pid', 'up'];

/** One line per tunnel: state, name, first forward, route, PID, uptime; columns drop as the terminal narrows. */
export function TunnelList({views, selected, busy, reports, frame, width, now, palette, watch}: TunnelListProps) {
	const cells = views.map(view => rowCells(view, now));
	// Two characters for the selection marker.
	const longest = (column: 'name' | 'forward' | 'via') => Math.max(0, ...cells.map(cell => [...cell[column]].length));
	const layout = columnLayout(width - 2, {name: longest('name'), forward: longest('forward'), via: longest('via')});
	const columns = columnOrder.filter(column => layout[column] !== undefined);
	return (
		<Box flexDirection='column'>
			<Text color={palette.quiet} wrap='truncate'>{`  ${columns.map(column => fit(column.toUpperCase(), layout[column]!)).join('').trimEnd()}`}</Text>
			{views.map((view, index) => {
				const {name} = view.target.tunnel;
				const watched = watch?.find(state => state.name === name);
				const look = stateLook(view.status, busy[name], frame, watched);
				const cell = cells[index]!;
				const isSelected = name === selected;
				const report = reports[name];
				const rest = columns.filter(column => column !== 'state').map(column => fit(cell[column], layout[column]!)).join('').trimEnd();
				return (
					<Box key={name} flexDirection='column'>
						<Text wrap='truncate' inverse={isSelected}>
							{isSelected ? '› ' : '  '}
							<Text color={palette[look.tone]}>{fit(`${look.glyph} ${look.word}`, layout.state!)}</Text>
							{rest}
						</Text>
						{report === undefined || report.ok ? undefined : <Text color={palette.bad} wrap='truncate'>{`    ✗ ${report.lines[0]?.text ?? ''}`}</Text>}
						{look.word === 'reconnecting' && watched !== undefined ? <Text color={palette.warn} wrap='truncate'>{`    ↻ ${watchLine(watched, now)}`}</Text> : undefined}
					</Box>
				);
			})}
		</Box>
	);
}

/** ssh tunnels that run outside the profile: started by hand, or left by a deleted profile entry. */
export function StrayList({strays, now, palette}: {readonly strays: readonly StrayTunnel[]; readonly now: Date; readonly palette: Palette}) {
	if (strays.length === 0) {
		return undefined;
	}

	return (
		<Box flexDirection='column' marginTop={1}>
			<Text bold>{`Running outside the profile (${strays.length})`}</Text>
			{strays.map(stray => (
				<Text key={stray.process.pid} wrap='truncate'>
					{'  '}
					<Text color={stray.origin === 'orphan' ? palette.warn : palette.quiet}>{fit(stray.origin === 'orphan' ? '! orphan' : '· foreign', 15)}</Text>
					{`${fit(String(stray.process.pid), 8)}${fit(uptime(stray.process.startedAt, now), 5)}${describeViewForwards(stray.view.forwards).join(', ')}  ${stray.view.destination ?? ''}`}
				</Text>
			))}
		</Box>
	);
}

/** `reconnecting (attempt 3, next in 8 s) · 2 restarts · last: process gone (pid 4893)` */
export function watchLine(state: WatchState, now: Date): string {
	return [
		describeWatchState(state, now),
		...(state.restarts === 0 ? [] : [`${state.restarts} restart${state.restarts === 1 ? '' : 's'}`]),
		...(state.lastFailure === undefined ? [] : [`last: ${describeWatchFailure(state.lastFailure)}`]),
	].join(' · ');
}
