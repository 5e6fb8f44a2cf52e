import {Box} from 'ink';
import {Text} from '../text.js';
import type {PruneItem, PruneOutcome} from '../../core/prune.js';
import {outcomeLine, planLine} from '../../present/prune.js';
import type {Palette} from '../look.js';
import type {Prompt} from '../services.js';

export const keyHelp: ReadonlyArray<readonly [string, string]> = [
	['↑ ↓  j k', 'move'],
	['enter space', 'start or stop the selected tunnel'],
	['c', 'show its ssh command and copy it (OSC 52)'],
	['l', 'its log: what ssh said and what keepers did, following'],
	['x', 'check it: process, socket, listeners, targets through the server'],
	['p', 'prune: show stale tunnels, then confirm'],
	['/', 'filter by name, host or port'],
	['a', 'add a tunnel from a pasted ssh command'],
	['w', 'keep the restart: tunnels up while the UI is open (on at start when any asks)'],
	['r', 'refresh now (it also refreshes by itself)'],
	['?', 'this help'],
	['q', 'quit; tunnels keep running'],
];

export function Help() {
	return (
		<Box flexDirection='column' borderStyle='round' paddingX={1}>
			<Text bold>Keys</Text>
			{keyHelp.map(([keys, what]) => <Text key={keys}>{`${keys.padEnd(13)}${what}`}</Text>)}
			<Text>Tunnels are background ssh processes: leaving never stops them.</Text>
		</Box>
	);
}

/** The footer: the keys of the current screen, cut to one line. */
export function Footer({text, palette}: {readonly text: string; readonly palette: Palette}) {
	return <Text color={palette.quiet} wrap='truncate'>{text}</Text>;
}

export function CommandView({command}: {readonly command: string}) {
	return (
		<Box flexDirection='column' borderStyle='round' paddingX={1}>
			<Text bold>The exact command (copied to the clipboard where the terminal allows OSC 52)</Text>
			<Text>{command}</Text>
		</Box>
	);
}

export function PruneDialog({plan, palette}: {readonly plan: 'loading' | readonly PruneItem[]; readonly palette: Palette}) {
	const actionable = plan === 'loading' ? 0 : plan.filter(item => item.action !== 'skip').length;
	return (
		<Box flexDirection='column' borderStyle='round' paddingX={1}>
			<Text bold>Prune stale tunnels</Text>
			{plan === 'loading'
				? <Text color={palette.busy}>looking for stale tunnels…</Text>
				: plan.length === 0
					? <Text>nothing is stale</Text>
					: plan.map(item => <Text key={planLine(item)} color={item.action === 'skip' ? palette.quiet : undefined}>{planLine(item)}</Text>)}
			<Text color={palette.warn}>{actionable === 0 ? 'esc to close' : `do ${actionable === 1 ? 'this' : `these ${actionable}`}? y / n`}</Text>
		</Box>
	);
}

export function PrunedView({outcomes}: {readonly outcomes: readonly PruneOutcome[]}) {
	return (
		<Box flexDirection='column' borderStyle='round' paddingX={1}>
			<Text bold>Pruned</Text>
			{outcomes.map(outcome => <Text key={outcomeLine(outcome)}>{outcomeLine(outcome)}</Text>)}
			<Text>any key to close</Text>
		</Box>
	);
}

export function TextField({label, text, hint, mask}: {readonly label: string; readonly text: string; readonly hint: string; readonly mask?: boolean}) {
	return (
		<Box flexDirection='column' borderStyle='round' paddingX={1}>
			<Text bold wrap='wrap'>{label}</Text>
			<Text>{`> ${mask ? '•'.repeat(text.length) : text}█`}</Text>
			<Text>{hint}</Text>
		</Box>
	);
}

/** A question from ssh: a host key to accept (its fingerprint in ssh's own words), or a secret, never echoed. */
export function PromptDialog({prompt, answer, palette}: {readonly prompt: Prompt; readonly answer: string; readonly palette: Palette}) {
	return prompt.kind === 'confirm'
		? (
			<Box flexDirection='column' borderStyle='double' borderColor={palette.warn} paddingX={1}>
				<Text bold>{`ssh asks, starting ${prompt.tunnel}:`}</Text>
				<Text wrap='wrap'>{prompt.text}</Text>
				<Text>y yes · n no · esc cancel the start</Text>
			</Box>
		)
		: <TextField label={`ssh asks, starting ${prompt.tunnel}: ${prompt.text}`} text={answer} mask hint='enter to send · esc to cancel the start' />;
}
