import {formatHostPort, parseForward} from '../profile/forward.js';
import type {Forward, Tunnel} from '../profile/types.js';
import {configFileArgs, destination, tunnelArgvParts} from '../ssh/argv.js';
import {forwardFromConfigValue} from '../ssh/parse-argv.js';

/** `ssh -G` output: every keyword (lowercase) with its values, in order. */
export type EffectiveConfig = ReadonlyMap<string, readonly string[]>;

/**
 * `ssh -G [-F file] [-p port] [-J hops] -- dest`: the configuration ssh would use for the tunnel's
 * destination (Include, Match and patterns applied), the tunnel's own jump hosts included (they win
 * over the config's ProxyJump, as in the tunnel's own line). `-T`, or ssh prefixes any error with
 * "Pseudo-terminal will not be allocated because stdin is not a terminal".
 */
export function effectiveConfigArgv(tunnel: Pick<Tunnel, 'host' | 'user' | 'port'> & {readonly jump?: readonly string[]}, ssh: {readonly sshBinary: string; readonly sshConfigFile: string | undefined}): string[] {
	const port = tunnel.port === undefined ? [] : ['-p', String(tunnel.port)];
	const jump = tunnel.jump === undefined || tunnel.jump.length === 0 ? [] : ['-J', tunnel.jump.join(',')];
	return [ssh.sshBinary, ...configFileArgs(ssh), '-T', '-G', ...port, ...jump, '--', destination(tunnel)];
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

/** The effective forwards, read as tunnels read forwards; what tunnels cannot check (Unix sockets, dynamic) as ssh prints it. */
export type EffectiveForwards = {
	readonly local: readonly Forward[];
	readonly remote: readonly Forward[];
	readonly unsupported: readonly string[];
};

export function effectiveForwards(config: EffectiveConfig): EffectiveForwards {
	const unsupported = (config.get('dynamicforward') ?? []).map(value => `DynamicForward ${value}`);
	const read = (keyword: 'LocalForward' | 'RemoteForward') => (config.get(keyword.toLowerCase()) ?? []).flatMap(value => {
		const parsed = parseForward(forwardFromConfigValue(value));
		if (parsed.kind === 'ok') {
			return [parsed.forward];
		}

		unsupported.push(`${keyword} ${value}`);
		return [];
	});
	return {local: read('LocalForward'), remote: read('RemoteForward'), unsupported};
}

/** `user@hostname:port via jump`, where ssh really connects. */
export function describeEffectiveDestination(config: EffectiveConfig, host: string): string {
	const jump = config.get('proxyjump')?.[0];
	const where = formatHostPort(config.get('hostname')?.[0] ?? host, Number(config.get('port')?.[0] ?? 22));
	// ssh -G brackets an address as its last hop (`a,[10.0.0.1]`, `u@[10.0.0.1]:2222`): only IPv6 needs it.
	const hops = jump?.replaceAll(/\[([^\]:]+)\]/g, '$1');
	return `${config.get('user')?.[0] ?? '?'}@${where}${hops === undefined || hops === 'none' ? '' : ` via ${hops}`}`;
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
