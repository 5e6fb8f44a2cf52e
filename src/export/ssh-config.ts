import {formatHostPort} from '../profile/forward.js';
import {escapeTokens} from '../profile/forward-text.js';
import type {Listen, RemoteForward, Tunnel} from '../profile/types.js';
import {keepAliveOf} from '../ssh/argv.js';
import {configWord, type ConfigLine, type ResolvedHost} from './host-settings.js';
import {exportOptions, summary} from './service-argv.js';

/** The Host alias an exported block defines: `ssh -f -N tunnels-NAME` starts the tunnel. */
export function sshConfigHost(tunnel: Tunnel): string {
	return `tunnels-${tunnel.name}`;
}

/**
 * An ssh_config(5) Host block with the same effect as the tunnel's ssh command line.
 *
 * The profile's extra `options` are written as they are: `-o Keyword=value` and a config line go
 * through the same parser (readconf.c, argv_split), so a value means the same in both, quotes and
 * `%` tokens included; quoting it here would change what it means. The tunnel's own fields reach ssh
 * as single command-line words, so they are quoted when the config parser would split them, and
 * HostName, which expands `%` tokens where the command line does not, gets `%%`.
 *
 * `host`: how ssh reaches the tunnel's host through the user's config (export/host-settings.ts):
 * HostName is where it points, and its settings follow the tunnel's own, which come first and win.
 * Without it, HostName is the host as written.
 */
export function sshConfigBlock(tunnel: Tunnel, host: ResolvedHost | undefined): string {
	const alias = sshConfigHost(tunnel);
	const carried = host === undefined || host.settings.length === 0 ? [] : [
		`\t# how ssh reaches ${tunnel.host} through your ssh config (ssh -G ${tunnel.host})`,
		...host.settings.map(([keyword, value]) => `\t${keyword} ${value}`),
	];
	return [
		`# ${summary(tunnel)}; written by \`tunnels export ${tunnel.name} --as ssh-config\``,
		`# start it with: ssh -f -N ${alias}`,
		`Host ${alias}`,
		...tunnelLines(tunnel, host?.hostName ?? tunnel.host).map(([keyword, value]) => `\t${keyword} ${value}`),
		...carried,
		'',
	].join('\n');
}

/** The keywords (lowercase) the block writes from the tunnel itself: a resolved host's value of one of them would come too late to count. */
export function blockKeywords(tunnel: Tunnel): Set<string> {
	return new Set(tunnelLines(tunnel, tunnel.host).map(([keyword]) => keyword.toLowerCase()));
}

/** The tunnel's own lines, in the order ssh must read them. */
function tunnelLines(tunnel: Tunnel, hostName: string): ConfigLine[] {
	const keepAlive = keepAliveOf(tunnel);
	const lines: ConfigLine[] = [
		['HostName', configWord(hostName.replaceAll('%', '%%'))],
	];
	if (tunnel.user !== undefined) {
		lines.push(['User', configWord(tunnel.user)]);
	}

	if (tunnel.port !== undefined) {
		lines.push(['Port', String(tunnel.port)]);
	}

	if (tunnel.identityFile !== undefined) {
		lines.push(['IdentityFile', configWord(tunnel.identityFile)]);
	}

	if (tunnel.jump.length > 0) {
		lines.push(['ProxyJump', configWord(tunnel.jump.join(','))]);
	}

	lines.push(
		...tunnel.local.map(forward => ['LocalForward', forwardArguments(forward)] as const),
		...tunnel.remote.map(forward => ['RemoteForward', forwardArguments(forward)] as const),
		...tunnel.dynamic.map(forward => ['DynamicForward', listenArgument(forward.listen)] as const),
	);
	if (tunnel.gateway) {
		lines.push(['GatewayPorts', 'yes']);
	}

	lines.push(
		['ServerAliveInterval', String(keepAlive.interval)],
		['ServerAliveCountMax', String(keepAlive.countMax)],
		...exportOptions(tunnel, false).map(option => [option.keyword, option.value] as const),
		...tunnel.options.map(option => [option.keyword, option.value] as const),
	);
	return lines;
}

/**
 * `[bind:]port host:hostport`: in ssh_config the listen side and the target are two arguments; a
 * RemoteForward with one is a SOCKS proxy on the server. Socket paths get `%%`: ssh expands tokens
 * in them (ssh_config(5) LocalForward); validation keeps them to characters that need no quotes.
 */
function forwardArguments(forward: RemoteForward): string {
	const listen = listenArgument(forward.listen);
	const {target} = forward;
	switch (target.kind) {
		case 'tcp': {
			return `${listen} ${formatHostPort(target.host, target.port)}`;
		}

		case 'unix': {
			return `${listen} ${escapeTokens(target.path)}`;
		}

		case 'socks': {
			return listen;
		}
	}
}

function listenArgument(listen: Listen): string {
	switch (listen.kind) {
		case 'tcp': {
			return listen.bind === undefined ? String(listen.port) : formatHostPort(listen.bind, listen.port);
		}

		case 'unix': {
			return escapeTokens(listen.path);
		}
	}
}
