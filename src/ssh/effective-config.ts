import {formatHostPort} from '../profile/forward.js';
import type {Tunnel} from '../profile/types.js';
import {configFileArgs, destination, tunnelArgvParts} from './argv.js';

/** `ssh -G` output: every keyword (lowercase) with its values, in order. */
export type EffectiveConfig = ReadonlyMap<string, readonly string[]>;

/** `ssh -G [-F file] -- dest`: the configuration ssh would use for the tunnel's destination (Include, Match and patterns applied). */
export function effectiveConfigArgv(tunnel: Tunnel, ssh: {readonly sshBinary: string; readonly sshConfigFile: string | undefined}): string[] {
	const port = tunnel.port === undefined ? [] : ['-p', String(tunnel.port)];
	return [ssh.sshBinary, ...configFileArgs(ssh), '-G', ...port, '--', destination(tunnel)];
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

/** `user@hostname:port via jump`, where ssh really connects. */
export function describeEffectiveDestination(config: EffectiveConfig, host: string): string {
	const jump = config.get('proxyjump')?.[0];
	const where = formatHostPort(config.get('hostname')?.[0] ?? host, Number(config.get('port')?.[0] ?? 22));
	return `${config.get('user')?.[0] ?? '?'}@${where}${jump === undefined ? '' : ` via ${jump}`}`;
}

/**
 * A one-channel test connection: the tunnel's own connection options and settings, no forwards,
 * `-W` to one target, never a master. `-vv` because only the debug log says the channel opened
 * (`channel 0: open confirm`).
 */
export function testChannelArgv(tunnel: Tunnel, ssh: {readonly sshBinary: string; readonly sshConfigFile: string | undefined}, target: string): string[] {
	const parts = tunnelArgvParts(tunnel);
	return [
		ssh.sshBinary, ...configFileArgs(ssh), '-vv',
		'-o', 'BatchMode=yes', '-o', 'ControlMaster=no', '-o', 'ControlPath=none', '-o', 'ConnectTimeout=10',
		...parts.connection, ...parts.settings, '-W', target, '--', destination(tunnel),
	];
}
