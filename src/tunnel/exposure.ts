import type {RemoteForward, TcpListen, TunnelForward} from '../profile/types.js';
import {canonicalAddress} from './address.js';
import {expectedAddresses} from './status.js';

/** Whether a forward asks to listen beyond loopback: reachable by others if it gets its way. A socket file never is. */
export function isExposed(entry: TunnelForward, gateway: boolean): boolean {
	const {listen} = entry.forward;
	if (listen.kind === 'unix') {
		return false;
	}

	return entry.kind === 'remote' ? asksBeyondLoopback(entry.forward) : !expectedAddresses(listen, gateway).every(address => loopback(address));
}

/** A remote forward whose bind address asks the server to listen beyond its loopback. */
export function asksBeyondLoopback(forward: RemoteForward): forward is RemoteForward & {readonly listen: TcpListen & {readonly bind: string}} {
	return forward.listen.kind === 'tcp' && forward.listen.bind !== undefined && !loopback(forward.listen.bind);
}

/** An address of this machine's loopback, in any spelling (`0:0:0:0:0:0:0:1`, `::ffff:127.0.0.1`). */
export function loopback(address: string): boolean {
	const canonical = canonicalAddress(address) ?? address;
	return canonical === 'localhost' || canonical === '::1' || canonical.startsWith('127.') || canonical.startsWith('::ffff:127.');
}
