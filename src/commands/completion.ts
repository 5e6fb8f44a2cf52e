import path from 'node:path';
import type {Command} from 'commander';
import {candidateLines, complete} from '../completion/complete.js';
import {treeOf} from '../completion/from-commander.js';
import {completionScript, type Shell} from '../completion/scripts.js';
import type {Io} from './context.js';

/** `tunnels completion SHELL`: the script to load. */
export function completionCommand(io: Io, shell: Shell): void {
	io.stdout(completionScript(shell));
}

/**
 * `tunnels __complete -- WORDS...`, called by the scripts on every Tab: one candidate per line.
 * Reads the profile file only to list tunnel names and `@tags`, runs nothing, and stays quiet: a missing or
 * broken profile file gives no names and exit status 0.
 */
export async function completeCommand(io: Io, program: Command, words: readonly string[]): Promise<void> {
	const completion = complete(treeOf(program), words);
	const names = completion.kind === 'tunnel-names' ? await tunnelNames(io, completion.optionValues.get('--config')) : [];
	io.stdout(candidateLines(completion, names).map(line => `${line}\n`).join(''));
}

async function tunnelNames(io: Io, config: string | undefined): Promise<string[]> {
	try {
		// Imported here: the profile parser (yaml) is most of the time a Tab takes, and only names need it.
		const {loadProfile} = await import('./context.js');
		const loaded = await loadProfile(io, {config: config === undefined ? undefined : expandHome(config, io.home)});
		const {tunnels} = loaded.profile;
		// `@TAG` is accepted wherever a name is (commands/targets.ts).
		return [...tunnels.map(tunnel => tunnel.name), ...new Set(tunnels.flatMap(tunnel => tunnel.tags.map(tag => `@${tag}`)))];
	} catch {
		return [];
	}
}

/** The shell has not expanded `~` in a word still being typed, as it would when the line runs. */
function expandHome(file: string, home: string): string {
	return file === '~' || file.startsWith('~/') ? path.join(home, file.slice(1)) : file;
}
