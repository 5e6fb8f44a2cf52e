// How things look in the UI: glyphs, colours and which columns fit. Pure, so it is tested as data.
import {forwardsOf} from '../profile/forward.js';
import type {Tunnel} from '../profile/types.js';
import {describeForward, describeRoute} from '../present/forwards.js';
import {isExposed} from '../tunnel/exposure.js';
import type {TunnelStatus} from '../tunnel/status.js';
import type {WatchState} from '../watch/events.js';
import {uptime} from '../present/status.js';
import type {Busy} from './model.js';
import type {TunnelView} from './services.js';

export type Tone = 'good' | 'bad' | 'warn' | 'quiet' | 'busy';

/** A colour per tone; with NO_COLOR every tone is undefined and Ink prints plain text. */
export type Palette = Readonly<Record<Tone, string | undefined>>;

export const colours: Palette = {good: 'green', bad: 'red', warn: 'yellow', quiet: 'gray', busy: 'cyan'};
export const noColours: Palette = {good: undefined, bad: undefined, warn: undefined, quiet: undefined, busy: undefined};

/** https://no-color.org: present and not empty. */
export function paletteFor(env: Readonly<Record<string, string | undefined>>): Palette {
	return env.NO_COLOR !== undefined && env.NO_COLOR !== '' ? noColours : colours;
}

export type StateLook = {readonly glyph: string; readonly word: string; readonly tone: Tone};

const spinner = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * The glyph and word of a tunnel's state; an action in flight shows instead, with a spinner frame,
 * and so does a watcher bringing a tunnel back.
 */
export function stateLook(status: TunnelStatus, busy: Busy | undefined, frame: number, watch?: WatchState): StateLook {
	if (busy !== undefined) {
		return {glyph: spinner[frame % spinner.length]!, word: busy, tone: 'busy'};
	}

	if (status.kind !== 'up' && (watch?.kind === 'reconnecting' || watch?.kind === 'starting')) {
		return {glyph: '↻', word: 'reconnecting', tone: 'warn'};
	}

	switch (status.kind) {
		case 'up': {
			return {glyph: '●', word: 'up', tone: 'good'};
		}

		case 'down': {
			return {glyph: '○', word: 'down', tone: 'quiet'};
		}

		case 'starting': {
			return {glyph: '◐', word: 'starting', tone: 'busy'};
		}

		case 'failed': {
			return {glyph: '✗', word: 'failed', tone: 'bad'};
		}

		case 'stale': {
			// A stopped master is stale like the rest (its reason is said in the detail, as ls says it); its glyph marks it.
			return status.reason === 'master-unresponsive'
				? {glyph: '?', word: 'stale', tone: 'warn'}
				: {glyph: '!', word: 'stale', tone: 'warn'};
		}
	}
}

/** One forward as asked for (`L 127.0.0.1:9906 → 10.1.0.2:3306`), and whether it listens beyond loopback. */
export type ForwardLook = {readonly text: string; readonly exposed: boolean};

/** In the order of the status's bound forwards: local ones, then remote ones, then dynamic ones. */
export function forwardLooks(tunnel: Tunnel): ForwardLook[] {
	return forwardsOf(tunnel).map(entry => ({
		text: describeForward(entry, tunnel.gateway),
		exposed: isExposed(entry, tunnel.gateway),
	}));
}

export type Column = 'state' | 'name' | 'forward' | 'via' | 'pid' | 'up';

/** Column widths for a terminal width. Narrow terminals drop columns and cut cells, never wrap. */
export type ColumnLayout = Readonly<Partial<Record<Column, number>>>;

/** The longest cell of each variable column. */
export type NaturalWidths = Readonly<Record<'name' | 'forward' | 'via', number>>;

const gap = 2;
const minimumVia = 12;
const minimumName = 8;
/** the state column as its glyph alone */
const glyphOnly = 2;

/**
 * Every column at its natural width when it fits. Otherwise, in this order: uptime goes, then the
 * PID; the route is cut (down to 12), then dropped; the name is cut (down to 8, with an ellipsis);
 * the state keeps its glyph only. The forward, what tells the rows apart, keeps its whole text
 * (its ports) for as long as anything else can give way.
 */
export function columnLayout(width: number, natural: NaturalWidths): ColumnLayout {
	const layout: Partial<Record<Column, number>> = {
		state: 15,
		name: Math.min(Math.max(natural.name, 4), 24) + gap,
		forward: Math.max(natural.forward, 7) + gap,
		via: Math.min(Math.max(natural.via, 3), 28) + gap,
		pid: 8,
		up: 5,
	};
	const total = () => Object.values(layout).reduce((sum, columnWidth) => sum + columnWidth, 0);
	const over = () => total() - width;
	for (const column of ['up', 'pid'] as const) {
		if (over() > 0) {
			delete layout[column];
		}
	}

	if (over() > 0) {
		const via = layout.via! - over();
		if (via >= minimumVia) {
			layout.via = via;
		} else {
			delete layout.via;
		}
	}

	if (over() > 0) {
		layout.name = Math.max(minimumName + gap, layout.name! - over());
	}

	if (over() > 0) {
		layout.state = glyphOnly;
	}

	if (over() > 0) {
		// Nothing else can give way: the forward is cut at the end of the line (a terminal this narrow shows a part).
		layout.forward = Math.max(1, layout.forward! - over());
	}

	return layout;
}

/** The cells of one list row, in column order. */
export function rowCells(view: TunnelView, now: Date): Record<Exclude<Column, 'state'>, string> {
	const {status} = view;
	const forwards = forwardLooks(view.target.tunnel);
	const first = forwards[0];
	return {
		name: view.target.tunnel.name,
		forward: first === undefined ? '' : `${first.text}${first.exposed ? ' ⚠' : ''}${forwards.length > 1 ? ` (+${forwards.length - 1})` : ''}`,
		via: describeRoute(view.target.tunnel),
		pid: 'pid' in status ? String(status.pid) : 'pids' in status ? status.pids.join(',') : '',
		up: status.kind === 'up' ? uptime(status.startedAt, now) : '',
	};
}

/** Cuts a cell to its column, with an ellipsis where text was lost, and pads it. */
export function fit(text: string, width: number): string {
	const characters = [...text];
	return characters.length <= width ? text.padEnd(width) : `${characters.slice(0, Math.max(0, width - 1)).join('')}…`;
}
