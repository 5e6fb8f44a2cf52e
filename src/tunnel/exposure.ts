import type {Forward, ForwardKind} from '../profile/types.js';
import {canonicalAddress} from './address.js';
import {expectedAddresses} from './status.js';

/** Whether a forward asks to listen beyond loopback: reachable by others if it gets its way. */
export function isExposed(forward: Forward, kind: ForwardKind, gateway: boolean): boolean {
	return kind === 'local' ? !expectedAddresses(forward, gateway).every(address => loopback(address)) : asksBeyondLoopback(forward);
}

/** A remote forward whose bind address asks the server to listen beyond its loopback. */
export function asksBeyondLoopback(forward: Forward): forward is Forward & {readonly bind: string} {
	return forward.bind !== undefined && !loopback(forward.bind);
}

/** An address of this machine's loopback, in any spelling (`0:0:0:0:0:0:0:1`, `::ffff:127.0.0.1`). */
export function loopback(address: string): boolean {
	const canonical = canonicalAddress(address) ?? address;
	return canonical === 'localhost' || canonical === '::1' || canonical.startsWith('127.') || canonical.startsWith('::ffff:127.');
}
