import {Box} from 'ink';
import {useEffect, useState} from 'react';
import {Text} from '../text.js';
import type {Palette} from '../look.js';

export type LogPaneProps = {
	readonly name: string;
	/** subscribes to the tunnel's log lines (all kept so far, each time); returns an unsubscribe */
	readonly follow: (listener: (lines: readonly string[]) => void) => () => void;
	/** how many lines fit */
	readonly height: number;
	readonly palette: Palette;
};

/** A tunnel's log, following: its last lines, newest at the bottom, until the pane closes. */
export function LogPane({name, follow, height, palette}: LogPaneProps) {
	const lines = useLogLines(follow);
	const shown = lines === undefined ? [] : lines.slice(-Math.max(1, height));
	return (
		<Box flexDirection='column' borderStyle='round' paddingX={1}>
			<Text bold wrap='truncate'>{`log of ${name} (following; tunnels logs ${name} -f)`}</Text>
			{lines === undefined ? <Text color={palette.quiet}>reading the log…</Text>
				: lines.length === 0 ? <Text color={palette.quiet}>{`no log for ${name} yet: it appears at its first start`}</Text>
					: shown.map((line, index) => <Text key={`${lines.length - shown.length + index}`} wrap='truncate'>{line}</Text>)}
		</Box>
	);
}

/** The lines of a log, followed while the component is shown; undefined until the first read. */
function useLogLines(follow: LogPaneProps['follow']): readonly string[] | undefined {
	const [lines, setLines] = useState<readonly string[] | undefined>(undefined);
	useEffect(() => follow(setLines), [follow]);
	return lines;
}
