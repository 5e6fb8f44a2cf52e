// `tunnels ls` as text: the tunnels with their observed state, then the ssh tunnels outside them.
import type {ObservedTunnel, StrayTunnel} from '../core/observe.js';
import {describeBoundForward, describeForwards, describeRoute, describeViewForwards} from './forwards.js';
import {describeStale} from './stale.js';
import type {Keeper} from '../store/lock.js';
import {keeperWords, sourceLabel, stateWord, uptime} from './status.js';
import {renderTable} from './table.js';
import {strayKind} from '../tunnel/origin.js';

export type LsView = {
	/** the profile file */
	readonly path: string;
	/** no profile file yet */
	readonly missing: boolean;
	/** `keeper`: who keeps it up, from its watch lock */
	readonly tunnels: ReadonlyArray<ObservedTunnel & {readonly keeper?: Keeper}>;
	readonly strays: readonly StrayTunnel[];
	readonly now: Date;
	/** to shorten ssh config file names to `~/…` */
	readonly home: string;
	/** the terminal's width, to fit in; undefined for full width (a pipe, `--wide`) */
	readonly width?: number;
};

/** Everything `ls` prints on stdout. */
export function lsText(view: LsView): string {
	const {path, missing, tunnels, strays, now} = view;
	let text = '';
	if (missing) {
		text += `No profile file yet at ${path}.\nStart with the example: tunnels init\nor add a tunnel from an ssh command: tunnels import -- ssh -f -N -L 9906:10.1.0.2:3306 root@10.1.0.2\n`;
	} else if (tunnels.length === 0) {
		text += `No tunnels in ${path}.\n`;
	}

	if (tunnels.length > 0) {
		// A SOURCE column only when the ssh config adds tunnels: the profile's need none.
		const withSource = tunnels.some(({target}) => target.tunnel.source.kind !== 'profile');
		// A TAGS column only when some tunnel has tags; a KEPT BY column only when some keeper runs.
		const withTags = tunnels.some(({target}) => target.tunnel.tags.length > 0);
		const withKeeper = tunnels.some(({keeper}) => keeper !== undefined);
		const rows = tunnels.flatMap(observed => tunnelRows(observed, now, [
			...(withTags ? [observed.target.tunnel.tags.map(tag => `@${tag}`).join(' ')] : []),
			...(withKeeper ? [observed.keeper === undefined ? '' : keeperWords(observed.keeper)] : []),
			...(withSource ? [sourceLabel(observed.target.tunnel.source, view.home)] : []),
		]));
		const header = ['NAME', 'STATE', 'PID', 'UP', 'FORWARD', 'VIA', ...(withTags ? ['TAGS'] : []), ...(withKeeper ? ['KEPT BY'] : []), ...(withSource ? ['SOURCE'] : [])];
		// NAME STATE PID UP FORWARD VIA, then TAGS, KEPT BY and SOURCE: the state's reason is cut first, the forward never.
		const extras = header.slice(6).map((_, index) => ({drop: 6 + index})).reverse();
		const steps = [{cut: 1, min: 24}, ...extras, {drop: 5}, {drop: 3}, {drop: 2}, {cut: 1, min: 8}, {cut: 0, min: 8}];
		text += `${missing ? '\n' : ''}${renderTable([header, ...rows], view.width === undefined ? undefined : {width: view.width, steps})}\n`;
	}

	if (strays.length > 0) {
		const rows = strays.map(stray => [
			String(stray.process.pid),
			{orphan: `stale: ${describeStale('orphan')}`, 'other-profile': 'from another profile file', outside: 'outside the profile'}[strayKind(stray)],
			uptime(stray.process.startedAt, now),
			describeViewForwards(stray.view.forwards).join(', '),
			stray.view.destination ?? '',
		]);
		const steps = [{cut: 1, min: 24}, {drop: 4}, {drop: 2}, {cut: 1, min: 8}];
		text += `\n${renderTable([['PID', 'STATE', 'UP', 'FORWARD', 'DESTINATION'], ...rows], view.width === undefined ? undefined : {width: view.width, steps})}\n`;
	}

	return text;
}

/** A tunnel's rows: the first with everything, one more per further forward. */
function tunnelRows(observed: ObservedTunnel, now: Date, last: readonly string[]): string[][] {
	const {tunnel} = observed.target;
	const {status} = observed;
	const forwards = 'forwards' in status && status.forwards.length > 0
		? status.forwards.map(forward => describeBoundForward(forward, tunnel.gateway))
		: describeForwards(tunnel);
	const pid = 'pid' in status ? String(status.pid) : 'pids' in status ? status.pids.join(',') : '';
	const up = status.kind === 'up' ? uptime(status.startedAt, now) : '';
	return forwards.map((forward, index) => (index === 0
		? [tunnel.name, stateWord(status), pid, up, forward, describeRoute(tunnel), ...last]
		: ['', '', '', '', forward, '', ...last.map(() => '')]));
}
