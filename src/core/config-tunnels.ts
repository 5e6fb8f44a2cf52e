import {mapBounded} from '../bounded.js';
import type {SshSettings} from '../profile/settings.js';
import type {Tunnel} from '../profile/types.js';
import {configCandidates, mayGetForwards, type HostDeclaration, type RefusedConfigFile} from '../ssh-config/candidates.js';
import {configTunnelOf, isConfigTunnelAlias, type ConfigTunnelOf} from '../ssh-config/tunnel.js';
import {effectiveConfigArgv, parseEffectiveConfig} from '../ssh-config/effective.js';
import {timeouts} from './timeouts.js';
import type {Deps} from './deps.js';

export type ConfigDeps = Pick<Deps, 'querySsh' | 'readSshConfig'>;

/** A Host with forwards that tunnels cannot list, and why. */
export type SkippedHost = {
	readonly host: HostDeclaration;
	readonly why:
		| {readonly kind: 'ssh-failed'; readonly exitCode: number; readonly firstLine: string}
		| {readonly kind: 'unsupported-forwards'; readonly forwards: readonly string[]};
};

export type ConfigTunnels = {
	/** read-only tunnels named `ssh:ALIAS`, in the order the config names their hosts */
	readonly tunnels: readonly Tunnel[];
	readonly skipped: readonly SkippedHost[];
	/** a file of the config not read (a FIFO, a device, too large): no tunnel of the config is listed then */
	readonly refused: RefusedConfigFile | undefined;
};

/**
 * The tunnels the user's ssh config defines. Candidates are the literal Host names of the file ssh
 * reads and its Includes, narrowed to those a forward line can reach; `ssh -G ALIAS` (Include, Match
 * and patterns applied) says which really get forwards. Free without a config file or without forward
 * lines (forwards that only /etc/ssh/ssh_config adds are not found).
 */
export async function discoverConfigTunnels(deps: ConfigDeps, ssh: SshSettings): Promise<ConfigTunnels> {
	// `-F none`: ssh reads no config file at all.
	const read = ssh.sshConfigFile?.toLowerCase() === 'none' ? {kind: 'none' as const} : await deps.readSshConfig(ssh.sshConfigFile);
	if (read.kind === 'refused') {
		return {tunnels: [], skipped: [], refused: read.refused};
	}

	const {hosts, forwards} = read.kind === 'none' ? {hosts: [], forwards: {kind: 'none' as const}} : configCandidates(read.tree);
	const candidates = hosts.filter((host, index) => hosts.findIndex(other => other.name === host.name) === index
		&& isConfigTunnelAlias(host.name) && mayGetForwards(host.name, forwards));
	const results = await mapBounded(candidates, timeouts.configConcurrency, async (host): Promise<ConfigTunnelOf | SkippedHost['why']> => {
		const run = await deps.querySsh(effectiveConfigArgv({host: host.name, user: undefined, port: undefined}, ssh), timeouts.controlCommandMs);
		return run.exitCode === 0
			? configTunnelOf(host, parseEffectiveConfig(run.stdout))
			: {kind: 'ssh-failed', exitCode: run.exitCode, firstLine: run.stderr.trim().split(/\r?\n/)[0] ?? ''};
	});

	const skipped: SkippedHost[] = [];
	const tunnels: Tunnel[] = [];
	for (const [index, result] of results.entries()) {
		const host = candidates[index]!;
		switch (result.kind) {
			case 'tunnel': {
				tunnels.push(result.tunnel);
				break;
			}

			case 'unsupported': {
				skipped.push({host, why: {kind: 'unsupported-forwards', forwards: result.forwards}});
				break;
			}

			case 'ssh-failed': {
				skipped.push({host, why: result});
				break;
			}

			case 'no-forwards': {
				break;
			}
		}
	}

	return {tunnels, skipped, refused: undefined};
}
