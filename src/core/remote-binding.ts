import {formatHostPort} from '../profile/forward.js';
import type {Forward} from '../profile/types.js';
import {channelProbeArgv, destination} from '../ssh/argv.js';
import {timeouts, type Needs, type TunnelTarget} from './deps.js';

/** Where the server really bound a remote forward, as far as can be told from here. */
export type RemoteBinding =
	/** the server accepts on the address we reached it at: the port is open beyond its loopback */
	| {readonly kind: 'beyond-loopback'; readonly address: string}
	/** that address refuses: the server bound loopback only (its sshd has GatewayPorts no) */
	| {readonly kind: 'loopback-only'; readonly address: string}
	| {readonly kind: 'unknown'; readonly why: string};

// sshd binds a loopback-only remote forward on localhost: these addresses cannot tell the two apart.
const serverLoopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Asks from the server's side, through the tunnel's own master, whether the forward's port answers
 * on the server's own address (the far end of the master's connection).
 */
export async function findRemoteBinding(deps: Needs<'serverPeerOf' | 'probeChannel'>, target: TunnelTarget, masterPid: number, forward: Forward): Promise<RemoteBinding> {
	const peer = await deps.serverPeerOf(masterPid);
	if (peer === undefined) {
		return {kind: 'unknown', why: 'the connection to the server is not visible'};
	}

	if (serverLoopback.has(peer.address)) {
		return {kind: 'unknown', why: `the server is reached over its loopback (${peer.address})`};
	}

	const argv = channelProbeArgv(destination(target.tunnel), {...target.ssh, controlPath: target.controlPath}, peer.address, forward.port);
	const probe = await deps.probeChannel(argv, timeouts.probeMs);
	switch (probe.kind) {
		case 'open': {
			return {kind: 'beyond-loopback', address: peer.address};
		}

		case 'failed': {
			return {kind: 'loopback-only', address: peer.address};
		}

		case 'timeout': {
			return {kind: 'unknown', why: `no answer from ${formatHostPort(peer.address, forward.port)} within ${timeouts.probeMs / 1000} s`};
		}
	}
}

export function describeRemoteBinding(binding: RemoteBinding, port: number): string {
	switch (binding.kind) {
		case 'beyond-loopback': {
			return `the server listens on ${formatHostPort(binding.address, port)}: reachable beyond its loopback`;
		}

		case 'loopback-only': {
			return `the server bound it on loopback only (${formatHostPort(binding.address, port)} refuses): its sshd does not allow GatewayPorts`;
		}

		case 'unknown': {
			return `which address the server bound is unknown: ${binding.why}`;
		}
	}
}
