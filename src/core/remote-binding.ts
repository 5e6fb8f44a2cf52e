import {channelProbeArgv, destination} from '../ssh/argv.js';
import {timeouts} from './timeouts.js';
import type {Needs} from './deps.js';
import type {TunnelTarget} from '../tunnel/target.js';

/** Where the server really bound a remote forward, as far as can be told from here. */
export type RemoteBinding =
	/** the server accepts on the address we reached it at: the port is open beyond its loopback */
	| {readonly kind: 'beyond-loopback'; readonly address: string}
	/** that address refuses: the server bound loopback only (its sshd has GatewayPorts no) */
	| {readonly kind: 'loopback-only'; readonly address: string}
	| {readonly kind: 'unknown'; readonly why: BindingUnknown};

/** Why the server's binding cannot be told from here. */
export type BindingUnknown =
	/** the master's connection to the server is not among this machine's sockets */
	| {readonly kind: 'peer-not-visible'}
	/** the server is reached at its loopback, where a loopback-only binding answers too */
	| {readonly kind: 'peer-on-loopback'; readonly address: string}
	| {readonly kind: 'no-answer'; readonly address: string; readonly port: number; readonly withinMs: number};

// sshd binds a loopback-only remote forward on localhost: these addresses cannot tell the two apart.
const serverLoopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Asks from the server's side, through the tunnel's own master, whether the forward's port answers
 * on the server's own address (the far end of the master's connection).
 */
export async function findRemoteBinding(deps: Needs<'serverPeerOf' | 'probeChannel'>, target: TunnelTarget, masterPid: number, port: number): Promise<RemoteBinding> {
	const peer = await deps.serverPeerOf(masterPid);
	if (peer === undefined) {
		return {kind: 'unknown', why: {kind: 'peer-not-visible'}};
	}

	if (serverLoopback.has(peer.address)) {
		return {kind: 'unknown', why: {kind: 'peer-on-loopback', address: peer.address}};
	}

	const argv = channelProbeArgv(destination(target.tunnel), {...target.ssh, controlPath: target.controlPath}, peer.address, port);
	const probe = await deps.probeChannel(argv, timeouts.probeMs);
	switch (probe.kind) {
		case 'open': {
			return {kind: 'beyond-loopback', address: peer.address};
		}

		case 'failed': {
			return {kind: 'loopback-only', address: peer.address};
		}

		case 'timeout': {
			return {kind: 'unknown', why: {kind: 'no-answer', address: peer.address, port, withinMs: timeouts.probeMs}};
		}
	}
}
