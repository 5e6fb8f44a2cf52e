import type {Tunnel} from '../profile/types.js';
import {destination, tunnelArgvParts} from '../ssh/argv.js';

/**
 * The tunnel among `others` that runs the same ssh command as `tunnel`: the same destination, flags
 * and connection options, and the same forwards and `-o` settings in any order (ssh sets them all
 * up either way). Names, descriptions and restart policies do not make another command.
 */
export function sameCommandAs(tunnel: Tunnel, others: readonly Tunnel[]): Tunnel | undefined {
	const key = commandKey(tunnel);
	return others.find(other => commandKey(other) === key);
}

function commandKey(tunnel: Tunnel): string {
	const parts = tunnelArgvParts(tunnel);
	return JSON.stringify([destination(tunnel), parts.flags, parts.connection, unordered(parts.settings), unordered(parts.forwards)]);
}

/** `-o A -o B` and `-o B -o A`: each option with its argument, sorted. */
function unordered(words: readonly string[]): string[] {
	const pairs: string[] = [];
	for (let index = 0; index < words.length; index += 2) {
		pairs.push(`${words[index]!} ${words[index + 1] ?? ''}`);
	}

	return pairs.sort();
}
