import {isAddress} from '../profile/forward-ends.js';
import type {Tunnel} from '../profile/types.js';
import type {HostDeclaration} from './candidates.js';
import {describeEffectiveDestination, effectiveForwards, type EffectiveConfig} from './effective.js';

/**
 * A config tunnel is named `ssh:ALIAS`. Profile names cannot hold a `:`, so the name (and the control
 * socket, failure record and lock named after it) never collides with a profile tunnel's.
 */
export const configTunnelPrefix = 'ssh:';

export type ConfigTunnelOf =
	| {readonly kind: 'tunnel'; readonly tunnel: Tunnel}
	/** the host gets no LocalForward, RemoteForward or DynamicForward */
	| {readonly kind: 'no-forwards'}
	/** forwards tunnels cannot read, as ssh -G prints them */
	| {readonly kind: 'unsupported'; readonly forwards: readonly string[]};

/** Whether a Host name can be a config tunnel: an ssh destination tunnels accepts, and short enough to name files after. */
export function isConfigTunnelAlias(alias: string): boolean {
	return alias.length <= 64 && isAddress(alias);
}

/**
 * The tunnel a Host block of the ssh config defines, from `ssh -G ALIAS`. Its forwards are for
 * checking only: ssh adds them itself when it connects to ALIAS (argv.ts leaves them out).
 */
export function configTunnelOf(host: HostDeclaration, config: EffectiveConfig): ConfigTunnelOf {
	const {local, remote, dynamic, unsupported} = effectiveForwards(config);
	if (unsupported.length > 0) {
		return {kind: 'unsupported', forwards: unsupported};
	}

	if (local.length === 0 && remote.length === 0 && dynamic.length === 0) {
		return {kind: 'no-forwards'};
	}

	return {kind: 'tunnel', tunnel: {
		name: `${configTunnelPrefix}${host.name}`,
		source: {kind: 'ssh-config', file: host.file, line: host.line, route: describeEffectiveDestination(config, host.name)},
		description: undefined,
		host: host.name,
		user: undefined,
		port: undefined,
		identityFile: undefined,
		jump: [],
		local,
		remote,
		dynamic,
		probe: undefined,
		// Which addresses a local forward binds: ssh takes GatewayPorts from the config too.
		gateway: config.get('gatewayports')?.[0] === 'yes',
		keepAlive: undefined,
		// The ssh config has no restart policy; `tunnels watch` keeps the profile's tunnels.
		restart: 'never',
		tags: [],
		options: [],
	}};
}
