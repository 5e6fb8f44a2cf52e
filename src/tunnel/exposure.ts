import type {Forward, ForwardKind} from '../profile/types.js';
import {expectedAddresses} from './status.js';

/** Whether a forward asks to listen beyond loopback: reachable by others if it gets its way. */
export function isExposed(forward: Forward, kind: ForwardKind, gateway: boolean): boolean {
	return kind === 'local' ? !expectedAddresses(forward, gateway).every(address => loopback(address)) : asksBeyondLoopback(forward);
}

/** A remote forward whose bind address asks the server to listen beyond its loopback. */
export function asksBeyondLoopback(forward: Forward): forward is Forward & {readonly bind: string} {
	return forward.bind !== undefined && !loopback(forward.bind);
}

function loopback(address: string): boolean {
	return address === 'localhost' || address === '::1' || address.startsWith('127.');
}
