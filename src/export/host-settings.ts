import {classifyKeyword} from '../profile/ssh-keywords.js';
import type {EffectiveConfig} from '../ssh-config/effective.js';

/** A line of an ssh_config block: keyword and its argument text as the config parser reads it. */
export type ConfigLine = readonly [keyword: string, value: string];

/**
 * How ssh reaches the tunnel's server, taken from the config it reads for the tunnel's host: the
 * exported block is matched as `tunnels-NAME`, so a Host block of the user's own config for that
 * host (an alias's HostName, Port, User, IdentityFile, known-hosts file…) no longer applies to it.
 */
export type ResolvedHost = {
	/** `ssh -G`'s hostname: where the alias really points */
	readonly hostName: string;
	/** every other setting the host gets that the exported name would not get from the same config, in `ssh -G`'s order */
	readonly settings: readonly ConfigLine[];
};

/** Keywords ssh collects from every line that sets them, instead of keeping the first. */
const accumulating = new Set(['identityfile', 'certificatefile', 'sendenv']);

/**
 * Never carried: the -G header, the host name (given apart), forwards (ssh would set up the
 * alias's LocalForward lines as well as the block's, and fail on the second bind of one port; doctor
 * warns about them) and the control settings, which the block sets itself.
 */
const never = new Set(['host', 'hostname', 'localforward', 'remoteforward', 'dynamicforward', 'controlmaster', 'controlpath', 'controlpersist']);

/** One argument that is a single path: quoted as the config parser splits words (misc.c argv_split). */
const singleWord = new Set(['identityfile', 'certificatefile', 'identityagent', 'hostkeyalias', 'user']);

/**
 * What the block must say to reach the server as the tunnel's host does: `ssh -G` for the host
 * against `ssh -G` for a name that only the config's catch-all blocks match. Whatever differs came
 * from the blocks that match the host, and is carried, unless the block already says it (`written`,
 * lowercase keywords): ssh keeps the first value it reads, so the tunnel's own settings win, as
 * they win on the command line. Values are as `ssh -G` prints them: `~` and `%` tokens in
 * IdentityFile are still to expand, other paths are expanded already.
 */
export function resolveHost(forHost: EffectiveConfig, forOtherName: EffectiveConfig, written: ReadonlySet<string>): ResolvedHost {
	const settings: ConfigLine[] = [];
	for (const [key, values] of forHost) {
		const other = forOtherName.get(key) ?? [];
		const same = values.length === other.length && values.every((value, index) => value === other[index]);
		if (never.has(key) || same || (written.has(key) && !accumulating.has(key))) {
			continue;
		}

		const keyword = canonicalKeyword(key);
		for (const value of values) {
			settings.push([keyword, singleWord.has(key) ? configWord(value) : value]);
		}
	}

	return {hostName: forHost.get('hostname')?.[0] ?? '', settings};
}

function canonicalKeyword(key: string): string {
	const known = classifyKeyword(key);
	return known.kind === 'unknown' ? key : known.keyword;
}

/** One argument as ssh_config's parser reads it (misc.c argv_split): double quotes, with `\` escaping `"` and `\`. */
export function configWord(text: string): string {
	if (text !== '' && !/[\s"'\\]/.test(text) && !text.startsWith('#')) {
		return text;
	}

	return `"${text.replaceAll(/["\\]/g, char => `\\${char}`)}"`;
}
