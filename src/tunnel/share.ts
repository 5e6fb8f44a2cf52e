import type {SshSettings} from '../profile/settings.js';
import type {Tunnel} from '../profile/types.js';

/**
 * What makes two tunnels' ssh connections the same one: everything on the master's command line
 * that is not a forward (destination, port, user, jump chain, identity, `-g`, ssh options,
 * keep-alives) and how ssh is run (the binary, the config file). Tunnels with `share: true` and the
 * same identity ride one master. Pure; the text is only ever hashed and compared.
 */
export function connectionIdentity(tunnel: Tunnel, ssh: SshSettings): string {
	return JSON.stringify([
		ssh.sshBinary,
		ssh.sshConfigFile ?? null,
		tunnel.user ?? null,
		tunnel.host,
		tunnel.port ?? null,
		tunnel.identityFile ?? null,
		tunnel.jump,
		tunnel.gateway,
		tunnel.keepAlive ?? null,
		tunnel.options.map(option => [option.keyword, option.value]),
	]);
}

/** Whether a tunnel rides a shared master: only tunnels of the profile can (`share: true`). */
export function isShared(tunnel: Tunnel): boolean {
	return tunnel.source.kind === 'profile' && tunnel.share === true;
}

/** The tunnel as its shared master runs it: the connection without any forward (each tunnel adds its own through the mux). */
export function masterOnly(tunnel: Tunnel): Tunnel {
	return {...tunnel, local: [], remote: [], dynamic: []};
}
