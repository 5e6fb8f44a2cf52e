import type {RemoteForward, TcpListen, TunnelForward} from '../profile/types.js';
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

function loopback(address: string): boolean {
	return address === 'localhost' || address === '::1' || address.startsWith('127.');
}
