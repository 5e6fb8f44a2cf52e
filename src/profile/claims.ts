// What two tunnels of one profile would both listen on here: only one of them could run.
import type {Listen, Tunnel} from './types.js';

/** Conflicts that ssh would only find at run time: privileged ports, two tunnels on one address or socket path. */
export function warnAboutListeners(tunnels: readonly Tunnel[], isRoot: boolean, warn: (name: string, path: ReadonlyArray<string | number>, message: string, hint?: string) => void): void {
	const claims: Array<{name: string; key: string; index: number; claim: Claim}> = [];
	for (const tunnel of tunnels) {
		const listens = [
			...tunnel.local.map((forward, index) => ({key: 'local', index, listen: forward.listen})),
			...tunnel.dynamic.map((forward, index) => ({key: 'dynamic', index, listen: forward.listen})),
		];
		for (const {key, index, listen} of listens) {
			if (listen.kind === 'tcp' && listen.port < 1024 && !isRoot) {
				warn(tunnel.name, [key, index], `listening on port ${listen.port} needs root`, 'pick a port from 1024 up');
			}

			const claim = claimOf(listen, tunnel.gateway);
			const rival = claims.find(other => other.name !== tunnel.name && clashes(other.claim, claim));
			if (rival !== undefined) {
				const what = claim.kind === 'tcp' ? `port ${claim.port}` : `socket ${claim.path}`;
				warn(tunnel.name, [key, index], `${what} is also claimed by tunnel \`${rival.name}\` (${rival.key}[${rival.index}]): only one can run at a time`, `give one of them another ${claim.kind === 'tcp' ? 'port' : 'path'} if both should run`);
			}

			claims.push({name: tunnel.name, key, index, claim});
		}
	}
}

type Claim = {readonly kind: 'tcp'; readonly address: string; readonly port: number} | {readonly kind: 'unix'; readonly path: string};

/** What a local listener will hold, for conflict checks: ssh binds loopback by default and everything with -g or `*`. */
function claimOf(listen: Listen, gateway: boolean): Claim {
	switch (listen.kind) {
		case 'tcp': {
			const address = listen.bind === undefined ? (gateway ? '*' : 'localhost') : ['*', '0.0.0.0', '::'].includes(listen.bind) ? '*' : listen.bind;
			return {kind: 'tcp', address, port: listen.port};
		}

		case 'unix': {
			return listen;
		}
	}
}

function clashes(a: Claim, b: Claim): boolean {
	if (a.kind === 'tcp' && b.kind === 'tcp') {
		return a.port === b.port && (a.address === b.address || a.address === '*' || b.address === '*');
	}

	return a.kind === 'unix' && b.kind === 'unix' && a.path === b.path;
}
