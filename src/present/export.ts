// What `tunnels export` says besides the exported text.
import type {HostLookup} from '../core/export-host.js';
import type {Tunnel} from '../profile/types.js';

/** The block could not be told how ssh reaches the host: it names the host as written, and says what that may lose. */
export function unresolvedHostWarning(tunnel: Tunnel, lookup: Extract<HostLookup, {kind: 'unresolved'}>): string {
	const said = lookup.stderr.trim() || `exit status ${lookup.exitCode}`;
	return `warning: ssh -G ${tunnel.host} failed (${said}): the block says HostName ${tunnel.host} as written; if ${tunnel.host} is a Host of your ssh config, its HostName, Port, User and IdentityFile are not carried\n`;
}
