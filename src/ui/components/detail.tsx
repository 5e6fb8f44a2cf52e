import {Box} from 'ink';
import {Text} from '../text.js';
import type {CheckStep} from '../../core/check-step.js';
import type {StrayTunnel} from '../../core/observe.js';
import {formatHostPort} from '../../profile/forward.js';
import {describeFailure} from '../../present/failure.js';
import {checkHint} from '../../present/check-hint.js';
import {describeCheckStep} from '../../present/check.js';
import {describeViewForwards} from '../../present/forwards.js';
import {stateWord, uptime} from '../../present/status.js';
import {quoteCommand} from '../../ssh/quote.js';
import {strayKind} from '../../tunnel/origin.js';
import {forwardLooks, type Palette, type Tone} from '../look.js';
import type {WatchState} from '../../watch/events.js';
import type {ActionReport, TunnelView} from '../services.js';
import {watchLine} from './tunnel-list.js';

/** One line of the detail pane, before it is cut or wrapped to the screen. */
export type DetailLine = {readonly text: string; readonly tone?: Tone; readonly bold?: boolean};

export type TunnelDetail = {
	readonly view: TunnelView;
	readonly report: ActionReport | undefined;
	readonly check: readonly CheckStep[] | undefined;
	readonly watch: WatchState | undefined;
	readonly now: Date;
};

/**
 * The selected tunnel, most telling first: its state, what went wrong (said once: the last action's
 * report, else ssh's last error), the keeper, each forward and who listens, both command lines, the
 * check results. The compact pane shows the first few lines; `v` shows them all.
 */
export function tunnelDetail({view, report, check, watch, now}: TunnelDetail): DetailLine[] {
	const {tunnel} = view.target;
	const failure = view.status.kind === 'failed' ? view.status.failure : undefined;
	const problem: DetailLine[] = report !== undefined
		? report.lines.map(line => ({text: line.text, tone: line.level === 'error' ? 'bad' : line.level === 'warning' ? 'warn' : undefined}))
		: failure === undefined ? [] : [{text: `last error: ${'line' in failure ? failure.line : describeFailure(failure, true).message}`, tone: 'bad'}];
	return [
		{text: `${tunnel.name} · ${stateWord(view.status)}${tunnel.description === undefined ? '' : ` · ${tunnel.description}`}`, bold: true},
		...problem,
		...(watch === undefined ? [] : [{text: `kept up by this UI (restart ${watch.policy}): ${watchLine(watch, now)}`, tone: watch.kind === 'up' ? 'good' : 'warn'} as const]),
		...forwardLooks(tunnel).map((look, index): DetailLine => ({
			text: `${look.text}  ${listenerState(view, index)}${look.exposed ? '  ⚠ beyond loopback' : ''}`,
			tone: look.exposed ? 'warn' : listenerState(view, index).startsWith('listening') ? 'good' : undefined,
		})),
		{text: `c  ${view.minimal}`, tone: 'quiet'},
		{text: `C  ${view.command}`, tone: 'quiet'},
		...(view.source === '' ? [] : [{text: `from ${view.source} (read-only: edit it there, or copy it with tunnels import --from-ssh-config)`, tone: 'quiet'} as const]),
		...(check ?? []).map((step): DetailLine => ({
			text: `${describeCheckStep(step)}${checkHint(step) === undefined ? '' : ` (${checkHint(step)})`}`,
			tone: step.result.kind === 'fail' ? 'bad' : undefined,
		})),
	];
}

/** An ssh tunnel outside the profile: what it is, and that this UI leaves it alone. */
export function strayDetail(stray: StrayTunnel, now: Date): DetailLine[] {
	const {process, view} = stray;
	return [
		{text: `pid ${process.pid} · ${strayWords[strayKind(stray)]} · up ${uptime(process.startedAt, now)}`, bold: true},
		...describeViewForwards(view.forwards).map(text => ({text})),
		{text: `$ ${quoteCommand(process.argv)}`, tone: 'quiet'},
		{text: stray.origin === 'orphan' ? 'p prunes it' : `not this profile's: tunnels kill ${process.pid} stops it`, tone: 'quiet'},
	];
}

const strayWords = {
	orphan: 'orphan: started by tunnels for a tunnel no longer in the profile',
	'other-profile': 'started by tunnels from another profile file',
	outside: 'running outside the profile',
} as const;

/** The pane: a rule, then the lines cut to the width (compact) or wrapped (full), never more than `height` rows. */
export function Detail({lines, height, width, full, palette}: {readonly lines: readonly DetailLine[]; readonly height: number; readonly width: number; readonly full: boolean; readonly palette: Palette}) {
	if (height < 1) {
		return undefined;
	}

	const [title, ...body] = lines;
	const rows = (full ? body.flatMap(line => wrapped(line, width)) : body).slice(0, height - 1);
	const hidden = full ? 0 : body.length - rows.length;
	return (
		<Box flexDirection='column'>
			<Text wrap='truncate'>
				<Text color={palette.quiet} wrap='truncate'>{'── '}</Text>
				<Text bold={title?.bold} wrap='truncate'>{title?.text ?? ''}</Text>
				<Text color={palette.quiet} wrap='truncate'>{` ${hidden > 0 ? `(${hidden} more: v) ` : full ? '(v: less) ' : ''}${'─'.repeat(width)}`}</Text>
			</Text>
			{rows.map((line, index) => (
				<Text key={index} wrap='truncate' bold={line.bold} color={line.tone === undefined ? undefined : palette[line.tone]}>{line.text}</Text>
			))}
		</Box>
	);
}

/** A line cut into rows of the width, by characters. */
function wrapped(line: DetailLine, width: number): DetailLine[] {
	const characters = [...line.text];
	const rows: DetailLine[] = [];
	for (let start = 0; start < characters.length || rows.length === 0; start += Math.max(1, width)) {
		rows.push({...line, text: characters.slice(start, start + Math.max(1, width)).join('')});
	}

	return rows;
}

/** Who holds a forward's port: the tunnel's own ssh (local forwards), the server (remote ones), or nobody. */
function listenerState(view: TunnelView, index: number): string {
	const {status} = view;
	if (!('forwards' in status)) {
		return status.kind === 'starting' ? 'starting' : 'not listening';
	}

	const bound = status.forwards[index];
	if (bound === undefined) {
		return 'not listening';
	}

	if (bound.kind === 'remote') {
		return status.kind === 'up' ? 'listening on the server' : 'unknown';
	}

	const pid = 'pid' in status ? status.pid : status.pids[0];
	const {listen} = bound.forward;
	return bound.bound.length === 0
		? 'NOT listening'
		: `listening on ${bound.bound.map(address => (listen.kind === 'tcp' ? formatHostPort(address, listen.port) : address)).join(', ')} (pid ${pid})`;
}
