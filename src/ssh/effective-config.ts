import type {Tunnel} from '../profile/types.js';
import {destination} from './argv.js';

/** `ssh -G` output: every keyword (lowercase) with its values, in order. */
export type EffectiveConfig = ReadonlyMap<string, readonly string[]>;

/** `ssh -G [-F file] -- dest`: the configuration ssh would use for the tunnel's destination (Include, Match and patterns applied). */
export function effectiveConfigArgv(tunnel: Tunnel, ssh: {readonly sshBinary: string; readonly sshConfigFile: string | undefined}): string[] {
	const config = ssh.sshConfigFile === undefined ? [] : ['-F', ssh.sshConfigFile];
	const port = tunnel.port === undefined ? [] : ['-p', String(tunnel.port)];
	return [ssh.sshBinary, ...config, '-G', ...port, '--', destination(tunnel)];
}

export function parseEffectiveConfig(output: string): EffectiveConfig {
	const config = new Map<string, string[]>();
	for (const line of output.split('\n')) {
		const match = /^(\S+)\s+(.*)$/.exec(line.trim());
		if (match?.[1] !== undefined) {
			config.set(match[1].toLowerCase(), [...config.get(match[1].toLowerCase()) ?? [], match[2] ?? '']);
		}
	}

	return config;
}

/** Forwards the user's ssh config adds for this host: ssh sets them up in the tunnel too. */
export function configuredForwards(config: EffectiveConfig): string[] {
	return [
		...(config.get('localforward') ?? []).map(value => `LocalForward ${value}`),
		...(config.get('remoteforward') ?? []).map(value => `RemoteForward ${value}`),
		...(config.get('dynamicforward') ?? []).map(value => `DynamicForward ${value}`),
	];
}

/**
 * A one-channel test connection: the tunnel's own connection options, no forwards, `-W` to one
 * target. Derived from buildSshArgv's minimal line so it connects exactly as the tunnel would.
 * `-vv` because only the debug log says the channel opened (`channel 0: open confirm`).
 */
export function testChannelArgv(connection: readonly string[], ssh: {readonly sshBinary: string; readonly sshConfigFile: string | undefined}, target: string): string[] {
	const destinationArgument = connection.at(-1) ?? '';
	// connection is `ssh -f -N [connection options] dest` for a tunnel stripped of its forwards.
	const options = connection.slice(1, -1).filter(argument => argument !== '-f' && argument !== '-N');
	const config = ssh.sshConfigFile === undefined ? [] : ['-F', ssh.sshConfigFile];
	return [
		ssh.sshBinary, ...config, '-vv',
		'-o', 'BatchMode=yes', '-o', 'ControlMaster=no', '-o', 'ControlPath=none', '-o', 'ConnectTimeout=10',
		...options, '-W', target, '--', destinationArgument,
	];
}
