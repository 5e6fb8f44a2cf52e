// How forwards and routes are written for a person, the same in every listing.
import {formatHostPort} from '../profile/forward.js';
import type {Forward, ForwardKind, Tunnel} from '../profile/types.js';
import type {ViewForward} from '../ssh/process-view.js';
import {asksBeyondLoopback, isExposed, loopback} from '../tunnel/exposure.js';
import {expectedAddresses, type BoundForward} from '../tunnel/status.js';

/** Where a forward listens, as a person reads it: ssh's default bind is loopback, `-g` or `*` is every address. */
export function listenLabel(forward: Forward, kind: ForwardKind, gateway: boolean): string {
	const host = kind === 'local'
		? forward.bind ?? (gateway ? '*' : '127.0.0.1')
		: forward.bind ?? 'server';
	return formatHostPort(host, forward.port);
}

/** `L 127.0.0.1:9906 → 10.1.0.2:3306`, the form every listing uses. */
export function describeForward(forward: Forward, kind: ForwardKind, gateway: boolean): string {
	return `${kind === 'local' ? 'L' : 'R'} ${listenLabel(forward, kind, gateway)} → ${formatHostPort(forward.host, forward.hostPort)}`;
}

export function describeForwards(tunnel: Tunnel): string[] {
	return [
		...tunnel.local.map(forward => describeForward(forward, 'local', tunnel.gateway)),
		...tunnel.remote.map(forward => describeForward(forward, 'remote', false)),
	];
}

/**
 * `root@10.1.0.2`, with the port and jump hosts when the tunnel has them; for a tunnel of the ssh
 * config its alias and where ssh -G resolved it: `db (root@10.1.0.2:22)`.
 */
export function describeRoute(tunnel: Tunnel): string {
	const {source} = tunnel;
	switch (source.kind) {
		case 'profile': {
			const host = tunnel.port === undefined ? tunnel.host : formatHostPort(tunnel.host, tunnel.port);
			const jumps = tunnel.jump.length === 0 ? '' : ` via ${tunnel.jump.join(' → ')}`;
			return `${tunnel.user === undefined ? '' : `${tunnel.user}@`}${host}${jumps}`;
		}

		case 'ssh-config': {
			return `${tunnel.host} (${source.route})`;
		}
	}
}

/** A forward with the addresses it is really bound on: `127.0.0.1:9906 (+[::1]) → 10.1.0.2:3306`. */
export function describeBoundForward(bound: BoundForward, gateway: boolean): string {
	const [first, ...more] = bound.bound;
	const listen = first === undefined ? listenLabel(bound.forward, bound.kind, gateway) : formatHostPort(first, bound.forward.port);
	const also = more.length === 0 ? '' : ` (+${more.map(address => (address.includes(':') ? `[${address}]` : address)).join(', ')})`;
	return `${bound.kind === 'local' ? 'L' : 'R'} ${listen}${also} → ${formatHostPort(bound.forward.host, bound.forward.hostPort)}`;
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
	for (const forward of tunnel.local) {
		const listening = bound.find(candidate => candidate.kind === 'local' && candidate.forward === forward)?.bound ?? [];
		const addresses = listening.length > 0 ? listening : expectedAddresses(forward, tunnel.gateway);
		if (listening.length > 0 ? !listening.every(address => loopback(address)) : isExposed(forward, 'local', tunnel.gateway)) {
			warnings.push(`${tunnel.name} listens on ${addresses.map(address => formatHostPort(address, forward.port)).join(' and ')}: anyone who can reach this machine there can use it`);
		}
	}

	for (const forward of tunnel.remote) {
		if (asksBeyondLoopback(forward)) {
			warnings.push(`${tunnel.name} asks the server to listen on ${formatHostPort(forward.bind, forward.port)}: if its sshd allows GatewayPorts, anyone who can reach the server there can use it; otherwise the server binds loopback only`);
		}
	}

	return warnings;
}
