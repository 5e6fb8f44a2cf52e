import {discoverConfigTunnels, type ConfigDeps, type SkippedHost} from '../core/config-tunnels.js';
import type {RefusedConfigFile} from '../ssh-config/candidates.js';
import type {TunnelTarget} from '../tunnel/target.js';
import {UserError} from '../errors.js';
import {configTunnelPrefix} from '../ssh-config/tunnel.js';
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
 * ALIAS when no profile tunnel has that name (the profile's wins). The ssh config is read only for a
 * name the profile does not have. Unknown names are a user error before anything runs.
 */
export async function findTargets(loaded: LoadedProfile, names: readonly string[], discover: () => Promise<TargetList>): Promise<Selection> {
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
