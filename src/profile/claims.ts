// What two tunnels of one profile would both listen on here: only one of them could run.
import type {Listen, Tunnel} from './types.js';

/** Conflicts that ssh would only find at run time: privileged ports, two tunnels on one address or socket path. */
export function warnAboutListeners(tunnels: readonly Tunnel[], isRoot: boolean, warn: (name: string, path: ReadonlyArray<string | number>, message: string, hint?: string) => void): void {
	const claims = new ClaimIndex();
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
			const rival = claims.firstRival(claim, tunnel.name);
			if (rival !== undefined) {
				const what = claim.kind === 'tcp' ? `port ${claim.port}` : `socket ${claim.path}`;
				warn(tunnel.name, [key, index], `${what} is also claimed by tunnel \`${rival.name}\` (${rival.key}[${rival.index}]): only one can run at a time`, `give one of them another ${claim.kind === 'tcp' ? 'port' : 'path'} if both should run`);
			}

			claims.add(claim, {name: tunnel.name, key, index});
		}
	}
}

type Claim = {readonly kind: 'tcp'; readonly address: string; readonly port: number} | {readonly kind: 'unix'; readonly path: string};
type Claimant = {readonly name: string; readonly key: string; readonly index: number; readonly order: number};

/**
 * The earlier claims, filed by what they hold, so that finding a rival costs the same for the 10th
 * tunnel and the 10,000th (issue 13, item 17: the search through all earlier claims was quadratic).
 * Each place keeps its first claimant and the first of another tunnel: whoever asks, one of the two
 * is someone else, and it is the earliest such.
 */
class ClaimIndex {
	private readonly places = new Map<string, [Claimant, Claimant?]>();
	private count = 0;

	/** Files a claim under every place a later claim could clash with it. */
	add(claim: Claim, by: Omit<Claimant, 'order'>): void {
		const claimant = {...by, order: this.count++};
		for (const place of placesOf(claim)) {
			const first = this.places.get(place);
			if (first === undefined) {
				this.places.set(place, [claimant]);
			} else if (first[1] === undefined && first[0].name !== claimant.name) {
				first[1] = claimant;
			}
		}
	}

	/** The earliest claim of another tunnel that clashes with this one. */
	firstRival(claim: Claim, name: string): Claimant | undefined {
		let rival: Claimant | undefined;
		for (const place of rivalPlacesOf(claim)) {
			for (const claimant of this.places.get(place) ?? []) {
				if (claimant !== undefined && claimant.name !== name && (rival === undefined || claimant.order < rival.order)) {
					rival = claimant;
				}
			}
		}

		return rival;
	}
}

/** Where a claim is filed: a TCP claim under its address and port, and under its port alone (for `*`, which clashes with any address). */
function placesOf(claim: Claim): string[] {
	return claim.kind === 'tcp' ? [`tcp ${claim.address} ${claim.port}`, `tcp any ${claim.port}`] : [`unix ${claim.path}`];
}

/** Where the clashing claims are filed: same address and port, `*` on the port, or, for `*`, anything on the port. */
function rivalPlacesOf(claim: Claim): string[] {
	if (claim.kind === 'unix') {
		return [`unix ${claim.path}`];
	}

	return claim.address === '*' ? [`tcp any ${claim.port}`] : [`tcp ${claim.address} ${claim.port}`, `tcp * ${claim.port}`];
}

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
