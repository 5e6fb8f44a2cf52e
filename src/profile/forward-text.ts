// A forward written back as text: the profile's own form, and what ssh must get (its `%` tokens escaped).
import {formatHostPort} from './forward.js';
import type {Forward, Listen, RemoteForward, TunnelForward} from './types.js';

/** Formats a forward the way ssh reads it back; the inverse of parseForward (paths as written: see sshForwardSpec). */
export function formatForward(forward: Forward | RemoteForward): string {
	return formatWith(forward, path => path);
}

/** `[bind:]port` or the socket path. */
export function formatListen(listen: Listen): string {
	return formatListenWith(listen, path => path);
}

/**
 * A forward as ssh's command line and config must get it: ssh expands `%` tokens and `${VAR}` in
 * socket paths (ssh.c, after reading the options; measured), so a literal `%` is written `%%`;
 * validation refuses `$`.
 */
export function sshForwardSpec(entry: TunnelForward): string {
	switch (entry.kind) {
		case 'local':
		case 'remote': {
			return formatWith(entry.forward, escapeTokens);
		}

		case 'dynamic': {
			return formatListenWith(entry.forward.listen, escapeTokens);
		}
	}
}

function formatWith(forward: Forward | RemoteForward, path: (text: string) => string): string {
	const {target} = forward;
	const listen = formatListenWith(forward.listen, path);
	switch (target.kind) {
		case 'tcp': {
			return `${listen}:${formatHostPort(target.host, target.port)}`;
		}

		case 'unix': {
			return `${listen}:${path(target.path)}`;
		}

		case 'socks': {
			return listen;
		}
	}
}

function formatListenWith(listen: Listen, path: (text: string) => string): string {
	switch (listen.kind) {
		case 'tcp': {
			return listen.bind === undefined ? String(listen.port) : formatHostPort(listen.bind, listen.port);
		}

		case 'unix': {
			return path(listen.path);
		}
	}
}

/** ssh_config(5) TOKENS: `%%` is a literal `%`. */
export function escapeTokens(text: string): string {
	return text.replaceAll('%', '%%');
}
