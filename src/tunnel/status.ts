import type {Listener} from '../net/listeners.js';
import type {MasterCheck} from '../mux/client.js';
import type {ProcessInfo} from '../proc/types.js';
import type {Forward, Tunnel} from '../profile/types.js';
import type {SshFailure} from '../ssh/failure.js';
import {listenAddresses, noBindLookups, type BindAddresses} from './bind.js';
import type {TunnelStaleReason} from './stale.js';

/** What the tool last saw go wrong when it started a tunnel: a hint, kept in a file that may vanish. */
export type FailureRecord = {
	readonly at: string;
	readonly failure: SshFailure;
};

/** A person stopped the tunnel (`tunnels down`, `tunnels kill NAME`): no watcher restarts it until `tunnels up`. A hint too. */
export type StopRecord = {
	readonly at: string;
	readonly by: 'down' | 'kill';
};

/** Everything observed about one profile tunnel at one moment. The process table and the sockets are the truth. */
export type TunnelFacts = {
	readonly tunnel: Tunnel;
	readonly controlPath: string;
	readonly master: MasterCheck;
	/** live ssh masters whose argv carries this tunnel's ControlPath, owned by us */
	readonly processes: readonly ProcessInfo[];
	/** listening sockets owned by those processes */
	readonly listeners: readonly Listener[];
	readonly lastFailure: FailureRecord | undefined;
	readonly now: Date;
	/** the bind names of its local forwards, resolved for this observation */
	readonly binds: BindAddresses;
};

export type BoundForward = {
	readonly kind: 'local' | 'remote';
	readonly forward: Forward;
	/** addresses this tunnel's process really listens on; remote forwards are bound on the server and not seen here */
	readonly bound: readonly string[];
};

export type TunnelStatus =
	| {readonly kind: 'down'}
	| {readonly kind: 'starting'; readonly pid: number}
	| {readonly kind: 'up'; readonly pid: number; readonly startedAt: Date | undefined; readonly forwards: readonly BoundForward[]}
	| {readonly kind: 'failed'; readonly at: string; readonly failure: SshFailure}
	| {readonly kind: 'stale'; readonly reason: TunnelStaleReason; readonly pids: readonly number[]; readonly forwards: readonly BoundForward[]};

/** ssh authenticates before it creates its control socket: a young master without a socket is still starting. */
export const startingGraceMs = 30_000;

/** Derives a tunnel's status from observed facts. Pure: the same facts always give the same status. */
export function deriveStatus(facts: TunnelFacts): TunnelStatus {
	const {master, processes} = facts;
	const pids = processes.map(process => process.pid);
	const forwardsOf = (pid: number | undefined) => boundForwards(facts.tunnel, facts.listeners.filter(listener => pid !== undefined && listener.pids.includes(pid)), facts.binds);

	switch (master.kind) {
		case 'alive': {
			const owner = processes.find(process => process.pid === master.pid);
			if (owner === undefined) {
				return {kind: 'stale', reason: 'unverified-master', pids, forwards: []};
			}

			const forwards = forwardsOf(owner.pid);
			if (processes.length > 1) {
				// The master that answers on the socket comes first: it is the one to keep.
				return {kind: 'stale', reason: 'duplicate', pids: [owner.pid, ...pids.filter(pid => pid !== owner.pid)], forwards};
			}

			return forwards.every(forward => forward.kind === 'remote' || holdsRequired(forward, facts.tunnel.gateway, facts.binds))
				? {kind: 'up', pid: owner.pid, startedAt: owner.startedAt, forwards}
				: {kind: 'stale', reason: 'no-listener', pids, forwards};
		}

		case 'timeout': {
			return {kind: 'stale', reason: 'master-unresponsive', pids, forwards: forwardsOf(pids[0])};
		}

		case 'not-a-master': {
			return {kind: 'stale', reason: 'unverified-master', pids, forwards: []};
		}

		case 'refused': {
			return {kind: 'stale', reason: 'socket-refused', pids, forwards: forwardsOf(pids[0])};
		}

		case 'missing': {
			const [first] = processes;
			if (first === undefined) {
				return facts.lastFailure === undefined ? {kind: 'down'} : {kind: 'failed', ...facts.lastFailure};
			}

			const age = first.startedAt === undefined ? Number.POSITIVE_INFINITY : facts.now.getTime() - first.startedAt.getTime();
			return processes.length === 1 && age < startingGraceMs
				? {kind: 'starting', pid: first.pid}
				: {kind: 'stale', reason: 'no-control-socket', pids, forwards: forwardsOf(first.pid)};
		}
	}
}

/**
 * The addresses a local forward binds (tunnel/bind.ts listenAddresses): both loopbacks for the
 * default and `localhost`, resolved names as `binds` has them. Empty for a name that no longer resolves.
 */
export function expectedAddresses(forward: Forward, gateway: boolean, binds: BindAddresses = noBindLookups): readonly string[] {
	const listen = listenAddresses(forward, gateway, binds);
	return listen.kind === 'addresses' ? listen.addresses : [];
}

/**
 * A local forward counts as bound when every IPv4 address it asked for is bound. ssh keeps running
 * when only one of `localhost`'s two addresses binds (the other taken by someone else), and clients
 * of 127.0.0.1 would reach that someone else; IPv6 alone is not required, hosts may lack it. A name
 * that no longer resolves counts as bound when the process holds its port at all.
 */
export function holdsRequired(forward: BoundForward, gateway: boolean, binds: BindAddresses = noBindLookups): boolean {
	const listen = listenAddresses(forward.forward, gateway, binds);
	if (listen.kind === 'any') {
		return forward.bound.length > 0;
	}

	const expected = listen.addresses;
	if (expected.length === 0) {
		return false;
	}

	const required = expected.filter(address => !address.includes(':'));
	return (required.length > 0 ? required : expected).every(address => forward.bound.includes(address));
}

/** The listeners of a tunnel's process that are a local forward's: on its port, at the addresses it binds. */
export function boundAddresses(forward: Forward, gateway: boolean, binds: BindAddresses, listeners: readonly Listener[]): Listener[] {
	const listen = listenAddresses(forward, gateway, binds);
	return listeners.filter(listener => listener.port === forward.port && (listen.kind === 'any' || listen.addresses.includes(listener.address)));
}

function boundForwards(tunnel: Tunnel, listeners: readonly Listener[], binds: BindAddresses): BoundForward[] {
	return [
		...tunnel.local.map(forward => ({kind: 'local' as const, forward, bound: boundAddresses(forward, tunnel.gateway, binds, listeners).map(listener => listener.address)})),
		...tunnel.remote.map(forward => ({kind: 'remote' as const, forward, bound: []})),
	];
}
