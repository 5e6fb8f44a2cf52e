import {Box} from 'ink';
import {Text} from '../text.js';
import type {Palette} from '../look.js';

/** No profile file yet: how to get one, right here. */
export function FirstRun({path}: {readonly path: string}) {
	return (
		<Box flexDirection='column' paddingX={1}>
			<Text bold>No tunnels yet</Text>
			<Text>{`The profile file ${path} does not exist.`}</Text>
			<Text> </Text>
			<Text>e   write the example file there (three tunnels: local forward, remote forward, hop)</Text>
			<Text>a   add a tunnel from an ssh command, e.g. ssh -f -N -L 9906:10.1.0.2:3306 root@10.1.0.2</Text>
			<Text>q   quit</Text>
		</Box>
	);
}

/** A profile file with errors: every error, where it is, and that nothing runs until it is fixed. */
export function InvalidProfile({message, details, palette}: {readonly message: string; readonly details: string | undefined; readonly palette: Palette}) {
	return (
		<Box flexDirection='column' paddingX={1}>
			<Text color={palette.bad} bold>{message}</Text>
			{details === undefined ? undefined : <Text>{details}</Text>}
			<Text> </Text>
			<Text>e: fix it in your editor (or fix the file, then r); running tunnels keep running.</Text>
		</Box>
	);
}
