import {formatHostPort} from '../profile/forward.js';
import type {Forward, ForwardKind, Tunnel} from '../profile/types.js';
import {destination} from '../ssh/argv.js';

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

/** `root@10.1.0.2`, with the port and jump hosts when the tunnel has them. */
export function describeRoute(tunnel: Tunnel): string {
	const port = tunnel.port === undefined ? '' : `:${tunnel.port}`;
	const jumps = tunnel.jump.length === 0 ? '' : ` via ${tunnel.jump.join(' → ')}`;
	return `${destination(tunnel)}${port}${jumps}`;
}
