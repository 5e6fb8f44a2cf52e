import {Box} from 'ink';
import {Text} from '../text.js';
import type {CheckStep} from '../../core/check-step.js';
import {formatHostPort} from '../../profile/forward.js';
import {describeFailure} from '../../present/failure.js';
import {checkHint} from '../../present/check-hint.js';
import {checkLabel, describeCheckStep} from '../../present/check.js';
import {stateWord} from '../../present/status.js';
import {forwardLooks, type Palette} from '../look.js';
import type {WatchState} from '../../watch/events.js';
import type {ActionReport, TunnelView} from '../services.js';
import {watchLine} from './tunnel-list.js';

export type DetailProps = {
	readonly view: TunnelView;
	readonly report: ActionReport | undefined;
	readonly check: readonly CheckStep[] | undefined;
	readonly palette: Palette;
	readonly watch: WatchState | undefined;
	readonly now: Date;
};

/** The selected tunnel in full: its command lines, each forward and who listens, the last error, check results. */
export function Detail({view, report, check, palette, watch, now}: DetailProps) {
	const {tunnel} = view.target;
	const failure = view.status.kind === 'failed' ? view.status.failure : undefined;
	return (
		<Box flexDirection='column' borderStyle='single' borderColor={palette.quiet} paddingX={1}>
			<Text bold wrap='truncate'>{`${tunnel.name} · ${stateWord(view.status)}${tunnel.description === undefined ? '' : ` · ${tunnel.description}`}`}</Text>
			{view.source === '' ? undefined : <Text color={palette.quiet} wrap='truncate'>{`from ${view.source} (read-only: edit it there, or copy it with tunnels import --from-ssh-config)`}</Text>}
			{watch === undefined ? undefined : <Text color={watch.kind === 'up' ? palette.good : palette.warn} wrap='wrap'>{`kept up by this UI (restart ${watch.policy}): ${watchLine(watch, now)}`}</Text>}
			<Text wrap='wrap'>{`$ ${view.command}`}</Text>
			<Text color={palette.quiet} wrap='wrap'>{`minimal: ${view.minimal}`}</Text>
			{forwardLooks(tunnel).map((look, index) => (
				<Text key={index} wrap='truncate'>
					{`${look.text}  `}
					<Text color={listening(view, index) ? palette.good : palette.quiet}>{listenerState(view, index)}</Text>
					{look.exposed ? <Text color={palette.warn}>{'  ⚠ beyond loopback'}</Text> : undefined}
				</Text>
			))}
			{failure === undefined ? undefined : <Text color={palette.bad} wrap='wrap'>{`last error: ${'line' in failure ? failure.line : describeFailure(failure, true).message}`}</Text>}
			{report === undefined ? undefined : report.lines.map((line, index) => (
				<Text key={`report-${index}`} color={line.level === 'error' ? palette.bad : line.level === 'warning' ? palette.warn : undefined} wrap='wrap'>{line.text}</Text>
			))}
			{check === undefined ? undefined : check.map(step => (
				<Text key={checkLabel(step.subject)} wrap='wrap' color={step.result.kind === 'fail' ? palette.bad : undefined}>
					{`${describeCheckStep(step)}${checkHint(step) === undefined ? '' : ` (${checkHint(step)})`}`}
				</Text>
			))}
		</Box>
	);
}

function listening(view: TunnelView, index: number): boolean {
	return listenerState(view, index).startsWith('listening');
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
