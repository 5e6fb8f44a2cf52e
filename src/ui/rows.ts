// The list as rows: the profile's tunnels, then one group of ssh tunnels running outside the profile.
// Pure, so that the keys, the reducer and the viewport agree on what row N is.
import type {StrayTunnel} from '../core/observe.js';
import {forwardsOf} from '../profile/forward.js';
import {formatForward, formatListen} from '../profile/forward-text.js';
import {describeViewForwards} from '../present/forwards.js';
import type {TunnelView} from './services.js';

export type ListRow =
	| {readonly kind: 'tunnel'; readonly key: string; readonly view: TunnelView}
	| {readonly kind: 'group'; readonly key: string; readonly count: number; readonly open: boolean}
	| {readonly kind: 'stray'; readonly key: string; readonly stray: StrayTunnel};

/** The key of the group header; tunnel names start with a letter or digit, so no tunnel has it. */
export const groupKey = '#outside';
export const strayKey = (pid: number): string => `#pid:${pid}`;

/** A group this long starts collapsed: other sessions' tunnels must not push the profile off screen. */
export const groupOpenUpTo = 5;

export type RowsInput = {
	readonly tunnels: readonly TunnelView[];
	readonly strays: readonly StrayTunnel[];
	readonly filter: string;
	/** undefined: open when short (`groupOpenUpTo`), collapsed when long */
	readonly groupOpen: boolean | undefined;
};

/** The rows the filter leaves, in profile order; the group's strays by PID, as numbers. */
export function listRows({tunnels, strays, filter, groupOpen}: RowsInput): ListRow[] {
	const needle = filter.trim().toLowerCase();
	const matches = (text: string) => needle === '' || text.toLowerCase().includes(needle);
	const rows: ListRow[] = tunnels.filter(view => (needle.startsWith('@') ? matchesTags(view, needle) : matches(tunnelText(view)))).map(view => ({kind: 'tunnel', key: view.target.tunnel.name, view}));
	const shown = strays.filter(stray => matches(strayText(stray))).toSorted((a, b) => a.process.pid - b.process.pid);
	if (shown.length > 0) {
		const open = groupOpen ?? shown.length <= groupOpenUpTo;
		rows.push({kind: 'group', key: groupKey, count: shown.length, open});
		if (open) {
			rows.push(...shown.map((stray): ListRow => ({kind: 'stray', key: strayKey(stray.process.pid), stray})));
		}
	}

	return rows;
}

/** `@db` matches the tag exactly, as on the command line; other words anywhere in the text; every word must match. */
function matchesTags(view: TunnelView, needle: string): boolean {
	const tags = view.target.tunnel.tags.map(tag => tag.toLowerCase());
	const text = tunnelText(view).toLowerCase();
	return needle.split(/\s+/).every(word => (word.startsWith('@') ? tags.includes(word.slice(1)) : text.includes(word)));
}

function tunnelText({target: {tunnel}}: TunnelView): string {
	return [tunnel.name, tunnel.host, tunnel.user, tunnel.description, ...forwardsOf(tunnel).map(entry => (entry.kind === 'dynamic' ? formatListen(entry.forward.listen) : formatForward(entry.forward)))]
		.filter(part => part !== undefined)
		.join(' ');
}

function strayText({process, view}: StrayTunnel): string {
	return [String(process.pid), view.destination ?? '', ...describeViewForwards(view.forwards)].join(' ');
}
