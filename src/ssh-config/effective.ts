import {formatHostPort, parseDynamicForward, parseForward, parseRemoteForward, type Parsed} from '../profile/forward.js';
import type {DynamicForward, Forward, RemoteForward, Tunnel} from '../profile/types.js';
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
		...dynamicValues(config).map(value => `DynamicForward ${value}`),
	];
}

/** The effective forwards, read as tunnels read forwards; what tunnels cannot read, as ssh prints it. */
export type EffectiveForwards = {
	readonly local: readonly Forward[];
	readonly remote: readonly RemoteForward[];
	readonly dynamic: readonly DynamicForward[];
	readonly unsupported: readonly string[];
};

export function effectiveForwards(config: EffectiveConfig): EffectiveForwards {
	const unsupported: string[] = [];
	const read = <T>(keyword: string, values: readonly string[], parse: (value: string) => Parsed<T>): T[] => values.flatMap(value => {
		const parsed = parse(value);
		if (parsed.kind === 'ok') {
			return [parsed.forward];
		}

		unsupported.push(`${keyword} ${value}`);
		return [];
	});
	return {
		local: read('LocalForward', config.get('localforward') ?? [], value => parseForward(forwardFromConfigValue(value))),
		// ssh -G writes a reverse SOCKS proxy with the target `[socks]:0`.
		remote: read('RemoteForward', config.get('remoteforward') ?? [], value => parseRemoteForward(forwardFromConfigValue(value.replace(/\s+\[socks\]:0$/, '')))),
		dynamic: read('DynamicForward', dynamicValues(config), parseDynamicForward),
		unsupported,
	};
}

/**
 * ssh -G's DynamicForward lines without the ones it adds by mistake: it also prints every
 * LocalForward to a socket path as a DynamicForward of the same listen side (readconf.c
 * dump_cfg_forwards skips only forwards whose connect host is not "socks", and a path has none;
 * measured, OpenSSH 9.2).
 */
function dynamicValues(config: EffectiveConfig): string[] {
	const toPaths = new Set((config.get('localforward') ?? []).flatMap(value => {
		const [listen, target] = value.split(/\s+/);
		return listen !== undefined && target?.startsWith('/') === true ? [listen] : [];
	}));
	return (config.get('dynamicforward') ?? []).filter(value => !toPaths.has(value));
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
