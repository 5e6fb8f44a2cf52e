import {lookup} from 'node:dns/promises';
import {networkInterfaces} from 'node:os';
import {canonicalAddress} from '../tunnel/address.js';
import type {BindLookup} from '../tunnel/bind.js';

/**
 * Resolves a forward's bind name as ssh does (channels.c channel_setup_fwd_listener_tcpip):
 * getaddrinfo with no flags and any family, every address it gives. Node's lookup is that call
 * (flags 0, SOCK_STREAM; a literal comes back as it is), so /etc/hosts, nsswitch and DNS answer as
 * they answer ssh. Each address is told apart by whether this machine has it: ssh's bind() of any
 * other fails (EADDRNOTAVAIL) and ssh goes on to the next. Bounded: a lookup that does not answer
 * in `timeoutMs` counts as unresolved (the lookup itself cannot be cancelled).
 */
export async function lookupBind(name: string, timeoutMs: number): Promise<BindLookup> {
	let timer: NodeJS.Timeout | undefined;
	const timedOut = new Promise<'timeout'>(resolve => {
		timer = setTimeout(() => resolve('timeout'), timeoutMs);
		timer.unref();
	});
	try {
		const found = await Promise.race([lookup(name, {all: true, verbatim: true}), timedOut]);
		if (found === 'timeout') {
			return {kind: 'unresolved', code: 'ETIMEOUT'};
		}

		const addresses = [...new Set(found.map(({address}) => canonicalAddress(address) ?? address))];
		if (addresses.length === 0) {
			return {kind: 'unresolved', code: 'ENODATA'};
		}

		const mine = localAddresses();
		return {kind: 'addresses', local: addresses.filter(address => mine(address)), elsewhere: addresses.filter(address => !mine(address))};
	} catch (error) {
		return {kind: 'unresolved', code: typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : 'EUNKNOWN'};
	} finally {
		clearTimeout(timer);
	}
}

/** Whether an address is this machine's: on one of its interfaces, or anywhere in 127.0.0.0/8 (Linux answers the whole block on lo). */
function localAddresses(): (address: string) => boolean {
	const own = new Set(Object.values(networkInterfaces()).flatMap(entries => (entries ?? []).map(entry => canonicalAddress(entry.address) ?? entry.address)));
	return address => own.has(address) || address.startsWith('127.') || address === '::1';
}
