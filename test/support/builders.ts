import type {DynamicForward, Forward, Tunnel} from '../../src/profile/types.js';

/** A TCP forward written flat, as ssh's `[bind:]port:host:hostPort` reads. */
export type TcpForwardSpec = {readonly bind?: string | undefined; readonly port?: number; readonly host?: string; readonly hostPort?: number};

/** A validated TCP forward, scenario 1's by default. */
export function forward(spec: TcpForwardSpec = {}): Forward {
	const {bind, port, host, hostPort} = {bind: undefined, port: 9906, host: '10.1.0.2', hostPort: 3306, ...spec};
	return {listen: {kind: 'tcp', bind, port}, target: {kind: 'tcp', host, port: hostPort}};
}

/** A forward with a socket path on one end or both: a string is a path, a number a port (or host:port for a target). */
export function socketForward(listen: string | number, target: string | {readonly host: string; readonly port: number}): Forward {
	return {
		listen: typeof listen === 'string' ? {kind: 'unix', path: listen} : {kind: 'tcp', bind: undefined, port: listen},
		target: typeof target === 'string' ? {kind: 'unix', path: target} : {kind: 'tcp', ...target},
	};
}

/** A SOCKS proxy listening here (-D), on a port (with an optional bind) or a socket path. */
export function dynamic(listen: number | string = 1080, bind?: string): DynamicForward {
	return {listen: typeof listen === 'string' ? {kind: 'unix', path: listen} : {kind: 'tcp', bind, port: listen}};
}

/** A validated tunnel, scenario 1's (`mysql-b`) by default. */
export function tunnel(spec: Partial<Tunnel> = {}): Tunnel {
	return {
		name: 'mysql-b', source: {kind: 'profile'}, description: undefined, host: '10.1.0.2', user: 'root', port: undefined, identityFile: undefined,
		jump: [], local: [forward()], remote: [], dynamic: [], probe: undefined, gateway: false, keepAlive: undefined, restart: 'never', options: [], tags: [], ...spec,
	};
}

/** What `~` and `${NAME}` mean in the paths of profiles parsed by tests: a home of their own, an empty environment. */
export const testPaths: {readonly home: string; readonly env: Readonly<Record<string, string | undefined>>} = {home: '/home/me', env: {}};
