import {escapeTokens, formatHostPort} from '../profile/forward.js';
import type {Listen, RemoteForward, Tunnel} from '../profile/types.js';
import {keepAliveOf} from '../ssh/argv.js';
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
 */
export function sshConfigBlock(tunnel: Tunnel): string {
	const keepAlive = keepAliveOf(tunnel);
	const lines: Array<readonly [string, string]> = [
		['HostName', configWord(tunnel.host.replaceAll('%', '%%'))],
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
	const host = sshConfigHost(tunnel);
	return [
		`# ${summary(tunnel)}; written by \`tunnels export ${tunnel.name} --as ssh-config\``,
		`# start it with: ssh -f -N ${host}`,
		`Host ${host}`,
		...lines.map(([keyword, value]) => `\t${keyword} ${value}`),
		'',
	].join('\n');
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

/** One argument as ssh_config's parser reads it (misc.c argv_split): double quotes, with `\` escaping `"` and `\`. */
export function configWord(text: string): string {
	if (text !== '' && !/[\s"'\\]/.test(text) && !text.startsWith('#')) {
		return text;
	}

	return `"${text.replaceAll(/["\\]/g, char => `\\${char}`)}"`;
}
