// How forwards and routes are written for a person, the same in every listing.
import {forwardsOf, formatHostPort} from '../profile/forward.js';
import type {Tunnel, TunnelForward} from '../profile/types.js';
import type {ViewForward} from '../ssh/process-view.js';
import {asksBeyondLoopback, isExposed, loopback} from '../tunnel/exposure.js';
import {expectedAddresses, type BoundForward} from '../tunnel/status.js';

const letters = {local: 'L', remote: 'R', dynamic: 'D'} as const;

/**
 * Where a forward listens, as a person reads it: ssh's default bind is loopback, `-g` or `*` is every
 * address; a remote forward listens on the `server`. Long socket paths are shortened (shortPath).
 */
export function listenLabel(entry: TunnelForward, gateway: boolean): string {
	const {listen} = entry.forward;
	const remote = entry.kind === 'remote';
	switch (listen.kind) {
		case 'tcp': {
			return formatHostPort(listen.bind ?? (remote ? 'server' : gateway ? '*' : '127.0.0.1'), listen.port);
		}

		case 'unix': {
			return `${remote ? 'server:' : ''}${shortPath(listen.path)}`;
		}
	}
}

/** ` → 10.1.0.2:3306`, ` → /var/run/docker.sock`, or ` (SOCKS)` for a proxy, which connects wherever its clients ask. */
function targetLabel(entry: TunnelForward): string {
	if (entry.kind === 'dynamic') {
		return ' (SOCKS)';
	}

	const {target} = entry.forward;
	switch (target.kind) {
		case 'tcp': {
			return ` → ${formatHostPort(target.host, target.port)}`;
		}

		case 'unix': {
			return ` → ${shortPath(target.path)}`;
		}

		case 'socks': {
			return ' (SOCKS)';
		}
	}
}

/** `L 127.0.0.1:9906 → 10.1.0.2:3306`, `D 127.0.0.1:1080 (SOCKS)`: the form every listing uses. */
export function describeForward(entry: TunnelForward, gateway: boolean): string {
	return `${letters[entry.kind]} ${listenLabel(entry, gateway)}${targetLabel(entry)}`;
}

/** Local forwards first, then remote, then dynamic; -g widens local and dynamic ones. */
export function describeForwards(tunnel: Tunnel): string[] {
	return forwardsOf(tunnel).map(entry => describeForward(entry, tunnel.gateway));
}

/**
 * A socket path short enough for a column: up to 40 characters as it is, else its first directory
 * and its last two parts (`/home/…/podman/podman.sock`), or only the file's name after `…/`.
 */
export function shortPath(path: string): string {
	const limit = 40;
	if (path.length <= limit) {
		return path;
	}

	const parts = path.split('/');
	const tail = parts.slice(-2).join('/');
	const withHead = `/${parts[1] ?? ''}/…/${tail}`;
	return withHead.length <= limit ? withHead : `…/${parts.at(-1) ?? ''}`;
}

/**
 * `root@10.1.0.2`, with the port, and the jump hosts in the order ssh goes through them
 * (`bastion → root@10.1.0.2`, so that `up`'s `… via ROUTE` reads once); for a tunnel of the ssh
 * config its alias and where ssh -G resolved it: `db (root@10.1.0.2:22)`.
 */
export function describeRoute(tunnel: Tunnel): string {
	const {source} = tunnel;
	switch (source.kind) {
		case 'profile': {
			const host = tunnel.port === undefined ? tunnel.host : formatHostPort(tunnel.host, tunnel.port);
			return [...tunnel.jump, `${tunnel.user === undefined ? '' : `${tunnel.user}@`}${host}`].join(' → ');
		}

		case 'ssh-config': {
			return `${tunnel.host} (${source.route})`;
		}
	}
}

/** A forward with the addresses it is really bound on: `127.0.0.1:9906 (+[::1]) → 10.1.0.2:3306`. */
export function describeBoundForward(bound: BoundForward, gateway: boolean): string {
	const [first, ...more] = bound.bound;
	const {listen} = bound.forward;
	const listenText = first === undefined || listen.kind === 'unix' ? listenLabel(bound, gateway) : formatHostPort(first, listen.port);
	const also = more.length === 0 ? '' : ` (+${more.map(address => (address.includes(':') ? `[${address}]` : address)).join(', ')})`;
	return `${letters[bound.kind]} ${listenText}${also}${targetLabel(bound)}`;
}

/** `L 9906:10.1.0.2:3306`, each forward as a process's argv asked for it. */
export function describeViewForwards(forwards: readonly ViewForward[]): string[] {
	return forwards.map(forward => `${forward.flag} ${forward.spec}`);
}

/**
 * Who can reach a tunnel's ports beyond this machine's loopback: said before anyone is surprised.
 * With the forwards as bound, a local forward is judged by where it really listens (a bind name
 * that resolved to loopback exposes nothing); without, by what it asks for.
 */
export function exposureWarnings(tunnel: Tunnel, bound: readonly BoundForward[] = []): string[] {
	const warnings: string[] = [];
	for (const entry of forwardsOf(tunnel)) {
		const {listen} = entry.forward;
		const proxy = entry.kind === 'dynamic' || (entry.kind === 'remote' && entry.forward.target.kind === 'socks');
		const use = proxy ? 'use it as a SOCKS proxy' : 'use it';
		if (entry.kind === 'remote') {
			if (asksBeyondLoopback(entry.forward)) {
				warnings.push(`${tunnel.name} asks the server to listen on ${formatHostPort(entry.forward.listen.bind, entry.forward.listen.port)}: if its sshd allows GatewayPorts, anyone who can reach the server there can ${use}; otherwise the server binds loopback only`);
			}

			continue;
		}

		if (listen.kind !== 'tcp') {
			continue;
		}

		const listening = bound.find(candidate => candidate.kind === entry.kind && candidate.forward === entry.forward)?.bound ?? [];
		const exposed = listening.length > 0 ? !listening.every(address => loopback(address)) : isExposed(entry, tunnel.gateway);
		if (exposed) {
			const addresses = listening.length > 0 ? listening : expectedAddresses(listen, tunnel.gateway);
			warnings.push(`${tunnel.name} listens on ${addresses.map(address => formatHostPort(address, listen.port)).join(' and ')}: anyone who can reach this machine there can ${use}`);
		}
	}

	return warnings;
}

