import type {Forward, Tunnel} from '../../src/profile/types.js';

/** A validated forward, scenario 1's by default. */
export function forward(spec: Partial<Forward> = {}): Forward {
	return {bind: undefined, port: 9906, host: '10.1.0.2', hostPort: 3306, ...spec};
}

/** A validated tunnel, scenario 1's (`mysql-b`) by default. */
export function tunnel(spec: Partial<Tunnel> = {}): Tunnel {
	return {
		name: 'mysql-b', source: {kind: 'profile'}, description: undefined, host: '10.1.0.2', user: 'root', port: undefined, identityFile: undefined,
		jump: [], local: [forward()], remote: [], gateway: false, keepAlive: undefined, restart: 'never', options: [], ...spec,
	};
}

/** What `~` and `${NAME}` mean in the paths of profiles parsed by tests: a home of their own, an empty environment. */
export const testPaths: {readonly home: string; readonly env: Readonly<Record<string, string | undefined>>} = {home: '/home/me', env: {}};
