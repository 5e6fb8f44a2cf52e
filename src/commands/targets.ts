import type {ConfigDeps, SkippedHost} from '../core/config-tunnels.js';
import type {RefusedConfigFile} from '../ssh-config/candidates.js';
import type {TunnelTarget} from '../tunnel/target.js';
import {UserError} from '../errors.js';
import {configTunnelPrefix} from '../ssh-config/tunnel.js';
import {closest} from '../profile/suggest.js';
import {targetOf, targetsOf, unknownTunnel, type LoadedProfile} from './context.js';

/** Every tunnel there is, and why any host of the ssh config with forwards is not among them. */
export type TargetList = {
	readonly targets: readonly TunnelTarget[];
	readonly skipped: readonly SkippedHost[];
	/** a file of the ssh config not read: none of its tunnels are among them */
	readonly refused: RefusedConfigFile | undefined;
};

/**
 * Every tunnel of a loaded profile: the profile file's, then the read-only ones of the ssh config
 * that ssh reads with this profile's settings. What `ls`, `prune` and the UI show.
 */
export async function allTargetsOf(loaded: LoadedProfile, deps: ConfigDeps): Promise<TargetList> {
	// Loaded here: a command given only names of the profile never reads the ssh config (issue 17).
	const {discoverConfigTunnels} = await import('../core/config-tunnels.js');
	const config = await discoverConfigTunnels(deps, loaded.ssh);
	return {targets: [...targetsOf(loaded), ...config.tunnels.map(tunnel => targetOf(loaded, tunnel))], skipped: config.skipped, refused: config.refused};
}

export type Selection = {
	readonly selected: readonly TunnelTarget[];
	/** every tunnel looked at: the profile's, and the ssh config's when they were needed */
	readonly known: readonly TunnelTarget[];
};

/**
 * Tunnels by name: a profile tunnel's name, `ssh:ALIAS` for a tunnel of the ssh config, or the bare
 * ALIAS when no profile tunnel has that name (the profile's wins), or `@TAG` for every tunnel of the
 * profile with that tag. The ssh config is read only for a name the profile does not have. Unknown
 * names and tags are a user error before anything runs.
 */
export async function findTargets(loaded: LoadedProfile, words: readonly string[], discover: () => Promise<TargetList>): Promise<Selection> {
	return findNamed(loaded, withTagsExpanded(loaded, words), discover);
}

/** `@TAG` on a command line: every tunnel of the profile with that tag. */
export const tagSigil = '@';

/**
 * The words with each `@TAG` replaced by the names of the profile's tunnels that have it, each name
 * once, in the order asked for (`up db @db` starts db once). A tag no tunnel has is a user error,
 * with the near one if any.
 */
export function withTagsExpanded(loaded: LoadedProfile, words: readonly string[]): string[] {
	const {tunnels} = loaded.profile;
	return [...new Set(words.flatMap(word => {
		if (!word.startsWith(tagSigil)) {
			return [word];
		}

		const tag = word.slice(tagSigil.length);
		const names = tunnels.filter(tunnel => tunnel.tags.includes(tag)).map(tunnel => tunnel.name);
		if (names.length === 0) {
			const tags = [...new Set(tunnels.flatMap(tunnel => tunnel.tags))].sort();
			const near = closest(tag, tags);
			throw new UserError(
				`no tunnel of ${loaded.path} has the tag \`${tag}\``,
				near !== undefined ? `did you mean \`${tagSigil}${near}\`?` : tags.length === 0 ? 'tag tunnels with `tags: [db, prod]` in the profile, or `tunnels tag NAME +db`' : `tags here: ${tags.join(', ')}`,
			);
		}

		return names;
	}))];
}

async function findNamed(loaded: LoadedProfile, names: readonly string[], discover: () => Promise<TargetList>): Promise<Selection> {
	const profile = targetsOf(loaded);
	const inProfile = names.map(name => profile.find(target => target.tunnel.name === name));
	if (inProfile.every(target => target !== undefined)) {
		return {selected: inProfile, known: profile};
	}

	const {targets} = await discover();
	const find = (name: string) => targets.find(target => target.tunnel.name === name) ?? targets.find(target => target.tunnel.name === `${configTunnelPrefix}${name}`);
	const selected = names.map(name => {
		const target = find(name);
		if (target === undefined) {
			throw unknownTunnel(loaded, name, targets.map(known => known.tunnel.name));
		}

		return target;
	});
	return {selected, known: targets};
}

/** One tunnel by name, as findTargets finds it. */
export async function findTarget(loaded: LoadedProfile, name: string, discover: () => Promise<TargetList>): Promise<{readonly target: TunnelTarget; readonly known: readonly TunnelTarget[]}> {
	const {selected, known} = await findTargets(loaded, [name], discover);
	if (selected.length > 1) {
		throw new UserError(`${name} is ${selected.length} tunnels: this command takes one`, `name one of them: ${selected.map(target => target.tunnel.name).join(', ')}`);
	}

	return {target: selected[0]!, known};
}

/** `NAME...`, or `--all`: the profile's tunnels, and with `withConfig` the ssh config's too. */
export async function selectTargets(loaded: LoadedProfile, names: readonly string[], options: {readonly all: boolean; readonly withConfig: boolean; readonly discover: () => Promise<TargetList>}): Promise<Selection> {
	if (options.all) {
		const targets = options.withConfig ? (await options.discover()).targets : targetsOf(loaded);
		return {selected: targets, known: targets};
	}

	if (names.length === 0) {
		throw new UserError('name at least one tunnel, or use --all', `tunnels here: ${loaded.profile.tunnels.map(tunnel => tunnel.name).join(', ') || 'none'}`);
	}

	return findTargets(loaded, names, options.discover);
}
