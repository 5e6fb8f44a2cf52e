import type {SshSettings} from '../profile/settings.js';
import type {SshOption, Tunnel} from '../profile/types.js';
import {configFileArgs, defaultConnectTimeout, destination, keepAliveOf, listensOnSocketFile, tunnelArgvParts} from '../ssh/argv.js';

/**
 * What every export adds to the tunnel's own settings. ExitOnForwardFailure: a forward that cannot
 * bind ends ssh, so the supervisor restarts it instead of keeping a process that holds nothing.
 * ControlMaster=no: with `ControlMaster auto` in ~/.ssh/config, ssh would join a master already open
 * to that host and exit at once without the forward (design.md, "Facts about OpenSSH").
 * `unattended` (a supervisor, no terminal): fail rather than prompt, and never wait on a connect for
 * longer than `up` would. StreamLocalBindUnlink: the socket file a dead ssh left behind must not
 * block its restart (ssh/argv.ts listensOnSocketFile).
 */
export function exportOptions(tunnel: Tunnel, unattended: boolean): SshOption[] {
	const options: SshOption[] = [
		{keyword: 'ExitOnForwardFailure', value: 'yes'},
		{keyword: 'ControlMaster', value: 'no'},
	];
	if (listensOnSocketFile(tunnel)) {
		options.push({keyword: 'StreamLocalBindUnlink', value: 'yes'});
	}

	if (unattended) {
		options.push({keyword: 'BatchMode', value: 'yes'});
		if (!tunnel.options.some(option => option.keyword === 'ConnectTimeout')) {
			options.push({keyword: 'ConnectTimeout', value: String(defaultConnectTimeout)});
		}
	}

	return options;
}

/**
 * The ssh command line a supervisor runs: ssh in the foreground (`-N`, no `-f`: systemd, launchd and
 * autossh watch the process they start), assembled from the same parts as buildSshArgv; the export's
 * options go before the tunnel's own `-o`s, because ssh keeps the first value it reads (ssh_config(5)).
 */
export function serviceArgv(tunnel: Tunnel, settings: SshSettings): string[] {
	const parts = tunnelArgvParts({...tunnel, keepAlive: keepAliveOf(tunnel)});
	return [
		settings.sshBinary,
		...configFileArgs(settings),
		...parts.flags,
		'-N',
		...exportOptions(tunnel, true).flatMap(option => ['-o', `${option.keyword}=${option.value}`]),
		...parts.connection,
		...parts.settings,
		...parts.forwards,
		'--',
		destination(tunnel),
	];
}

/** One line of text for a comment or a description: the profile's description may hold line breaks. */
export function summary(tunnel: Tunnel): string {
	const description = tunnel.description?.replaceAll(/[\u0000-\u001F\u007F]+/g, ' ').trim();
	return description ? `tunnels ${tunnel.name}: ${description}` : `tunnels ${tunnel.name}`;
}
