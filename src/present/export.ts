// What `tunnels export` says besides the exported text.
import type {HostLookup} from '../core/export-host.js';
import type {Tunnel} from '../profile/types.js';

/** The block could not be told how ssh reaches the host: it names the host as written, and says what that may lose. */
export function unresolvedHostWarning(tunnel: Tunnel, lookup: Extract<HostLookup, {kind: 'unresolved'}>): string {
	const said = lookup.stderr.trim() || `exit status ${lookup.exitCode}`;
	return `warning: ssh -G ${tunnel.host} failed (${said}): the block says HostName ${tunnel.host} as written; if ${tunnel.host} is a Host of your ssh config, its HostName, Port, User and IdentityFile are not carried\n`;
}

/** A unit file (or plist) is one service per tunnel: several tunnels named for one is refused, with the ways that work. */
export function oneUnitPerTunnel(format: 'systemd' | 'launchd', names: readonly string[]): [message: string, hint: string] {
	return [
		`a ${format} file is one per tunnel, and ${names.length} tunnels were named (${names.join(', ')})`,
		`export them one at a time (tunnels export ${names[0]} --as ${format}), or keep them all up with one service: tunnels service install`,
	];
}
