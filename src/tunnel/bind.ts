import type {TcpListen} from '../profile/types.js';
import {canonicalAddress} from './address.js';

/**
 * What a bind name of a local forward resolved to, looked up as ssh looks it up (getaddrinfo, as in
 * channels.c channel_setup_fwd_listener_tcpip): ssh binds each address and keeps going when one
 * fails, so the addresses this machine does not have (`elsewhere`, EADDRNOTAVAIL) are never bound.
 */
export type BindLookup =
	| {readonly kind: 'addresses'; readonly local: readonly string[]; readonly elsewhere: readonly string[]}
	/** the name does not resolve now (`code`: ENOTFOUND, EAI_AGAIN, a timeout…): what ssh bound for it at its start cannot be told */
	| {readonly kind: 'unresolved'; readonly code: string};

/** Bind names as written in forwards, each with its lookup: one per command, fed to the pure code as data. */
export type BindAddresses = ReadonlyMap<string, BindLookup>;

export const noBindLookups: BindAddresses = new Map();

/** What a forward listens on, as far as can be known: addresses, or any address on its port when its name did not resolve. */
export type ListenAddresses =
	| {readonly kind: 'addresses'; readonly addresses: readonly string[]}
	| {readonly kind: 'any'};

const wildcards = ['0.0.0.0', '::'];
const loopbacks = ['127.0.0.1', '::1'];

/**
 * The addresses ssh binds for a local forward (channels.c channel_fwd_bind_addr). No bind: loopback,
 * or every address with -g. `*` and the empty bind: every address. `localhost`, spelled so, is not
 * resolved: ssh binds both loopbacks. An address literal, in whatever spelling: itself. Any other
 * name: what it resolves to on this machine; a name not looked up stands for itself (it matches no
 * listener), one that no longer resolves matches any listener of the tunnel's process on its port.
 */
export function listenAddresses(forward: Pick<TcpListen, 'bind'>, gateway: boolean, binds: BindAddresses): ListenAddresses {
	const bind = forward.bind ?? (gateway ? '*' : 'localhost');
	if (bind === '*' || bind === '') {
		return {kind: 'addresses', addresses: wildcards};
	}

	if (bind === 'localhost') {
		return {kind: 'addresses', addresses: loopbacks};
	}

	const literal = canonicalAddress(bind);
	if (literal !== undefined) {
		return {kind: 'addresses', addresses: [literal]};
	}

	const lookup = binds.get(bind);
	switch (lookup?.kind) {
		case undefined: {
			return {kind: 'addresses', addresses: [bind]};
		}

		case 'addresses': {
			// Only addresses elsewhere: ssh binds none of them, and none will be seen bound.
			return {kind: 'addresses', addresses: lookup.local.length > 0 ? lookup.local : lookup.elsewhere};
		}

		case 'unresolved': {
			return {kind: 'any'};
		}
	}
}

/** The bind names among these forwards that must be looked up: neither absent, a wildcard, `localhost` nor an address literal. */
export function bindNames(forwards: ReadonlyArray<Pick<TcpListen, 'bind'>>): string[] {
	const names = forwards.flatMap(({bind}) => (bind === undefined || bind === '' || bind === '*' || bind === 'localhost' || canonicalAddress(bind) !== undefined ? [] : [bind]));
	return [...new Set(names)];
}
