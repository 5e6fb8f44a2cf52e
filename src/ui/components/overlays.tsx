import {Box} from 'ink';
import {Text} from '../text.js';
import type {PruneItem, PruneOutcome} from '../../core/prune.js';
import {outcomeLine, planLine} from '../../present/prune.js';
import type {Palette} from '../look.js';
import type {Prompt} from '../services.js';

export const keyHelp: ReadonlyArray<readonly [string, string]> = [
	['↑ ↓  j k', 'move'],
	['g G  home end', 'first, last'],
	['pgup pgdn', 'a page up, down'],
	['enter space', 'start or stop the selected tunnel; open or close the group outside the profile'],
	['c', 'copy its minimal ssh command (OSC 52)'],
	['C', 'copy the exact command tunnels runs'],
	['+ -', 'start, stop every tunnel shown (after a confirm)'],
	['v', 'the detail pane: all of it, or a few lines'],
	['l', 'its log: what ssh said and what keepers did, following'],
	['x', 'check it: process, socket, listeners, targets through the server'],
	['p', 'prune: show stale tunnels, then confirm'],
	['/', 'filter by name, host or port (esc clears)'],
	['a', 'add a tunnel from a pasted ssh command'],
	['e', 'edit it in $VISUAL / $EDITOR, as tunnels edit NAME (the UI steps aside); a file with errors: all of it'],
	['d', 'remove it from the profile (after a confirm; a running one is stopped first)'],
	['R', 'rename it'],
	['D', 'copy it to a new entry (NAME-copy), not started, to adjust'],
	['w', 'keep the restart: tunnels up while the UI is open, or stop keeping them (on at start when any asks)'],
	['r', 'refresh now (it also refreshes by itself)'],
	['?', 'this help'],
	['q', 'quit; tunnels keep running'],
];

/** The keys, as many as the rows allow (no border: a 20-row terminal shows them all). */
export function Help({rows}: {readonly rows: number}) {
	return (
		<Box flexDirection='column' paddingX={1}>
			<Text bold>Keys</Text>
			{keyHelp.slice(0, Math.max(1, rows - 2)).map(([keys, what]) => <Text key={keys} wrap='truncate'>{`${keys.padEnd(14)}${what}`}</Text>)}
			<Text wrap='truncate'>Tunnels are background ssh processes: leaving never stops them.</Text>
		</Box>
	);
}

/** The footer: the keys of the current screen, cut to one line. */
export function Footer({text, palette}: {readonly text: string; readonly palette: Palette}) {
	return <Text color={palette.quiet} wrap='truncate'>{text}</Text>;
}

/** Start or stop every tunnel the filter shows: the list of them first, as many as fit. */
export function BulkDialog({action, names, palette, rows}: {readonly action: 'start' | 'stop'; readonly names: readonly string[]; readonly palette: Palette; readonly rows: number}) {
	const shown = clipped(names, rows - 4);
	return (
		<Box flexDirection='column' borderStyle='round' paddingX={1}>
			<Text bold>{`${action} ${names.length === 1 ? 'this tunnel' : `these ${names.length} tunnels`}?`}</Text>
			{shown.map(name => <Text key={name} wrap='truncate'>{name}</Text>)}
			<Text color={palette.warn}>y / n</Text>
		</Box>
	);
}

/** A yes-or-no question about one thing, with the lines that explain it (as many as fit). */
export function ConfirmDialog({title, lines, question = 'y / n', palette, rows = 10}: {readonly title: string; readonly lines: readonly string[]; readonly question?: string; readonly palette: Palette; readonly rows?: number}) {
	return (
		<Box flexDirection='column' borderStyle='round' paddingX={1}>
			<Text bold wrap='wrap'>{title}</Text>
			{clipped(lines, rows - 5).map((line, index) => <Text key={`${index}`} wrap='truncate'>{line}</Text>)}
			<Text color={palette.warn}>{question}</Text>
		</Box>
	);
}

/** The first items that fit in `rows` lines, the last line saying how many more there are. */
function clipped(items: readonly string[], rows: number): string[] {
	const room = Math.max(1, rows);
	return items.length <= room ? [...items] : [...items.slice(0, room - 1), `… and ${items.length - room + 1} more`];
}

export function PruneDialog({plan, palette, rows}: {readonly plan: 'loading' | readonly PruneItem[]; readonly palette: Palette; readonly rows: number}) {
	const actionable = plan === 'loading' ? 0 : plan.filter(item => item.action !== 'skip').length;
	return (
		<Box flexDirection='column' borderStyle='round' paddingX={1}>
			<Text bold>Prune stale tunnels</Text>
			{plan === 'loading'
				? <Text color={palette.busy}>looking for stale tunnels…</Text>
				: plan.length === 0
					? <Text>nothing is stale</Text>
					: clipped(plan.map(item => planLine(item)), rows - 4).map(line => <Text key={line} wrap='truncate'>{line}</Text>)}
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
