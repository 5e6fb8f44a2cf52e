import type {Listener} from '../net/listeners.js';
import type {MasterCheck} from '../mux/client.js';
import type {ProcessInfo} from '../proc/types.js';
import {forwardsOf} from '../profile/forward.js';
import type {Listen, TcpListen, Tunnel, TunnelForward} from '../profile/types.js';
import type {SshFailure} from '../ssh/failure.js';
import {listenAddresses, noBindLookups, type BindAddresses} from './bind.js';
import {isShared} from './share.js';
import type {TunnelStaleReason} from './stale.js';

/** What the tool last saw go wrong when it started a tunnel: a hint, kept in a file that may vanish. */
export type FailureRecord = {
	readonly at: string;
	readonly failure: SshFailure;
	/** a keeper (its pid) stopped retrying: the failure will not heal by itself, a person must act (`tunnels up` after a fix) */
	readonly gaveUp?: {readonly pid: number};
};

/** A person stopped the tunnel (`tunnels down`, `tunnels kill NAME`): no watcher restarts it until `tunnels up`. A hint too. */
export type StopRecord = {
	readonly at: string;
	readonly by: 'down' | 'kill';
};

/**
 * A shared tunnel added its forwards to the master of this PID (`up`), until its `down`: a hint
 * that tells a lost forward (stale) from a tunnel never added (down) when none of its listeners shows.
 */
export type CarrierRecord = {
	readonly pid: number;
	readonly at: string;
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
	/** a shared tunnel's record of the master it was added to */
	readonly carrier?: CarrierRecord | undefined;
	/** a live `up` (another one, or this process's other work) holds the tunnel's start lock */
	readonly startInProgress?: boolean;
};

/**
 * A forward with where this tunnel's process really listens: addresses of a TCP listener, or the
 * path of a socket file. Remote forwards are bound on the server and not seen here.
 */
export type BoundForward = TunnelForward & {readonly bound: readonly string[]};

export type TunnelStatus =
	| {readonly kind: 'down'}
	| {readonly kind: 'starting'; readonly pid: number}
	| {readonly kind: 'up'; readonly pid: number; readonly startedAt: Date | undefined; readonly forwards: readonly BoundForward[]}
	| {readonly kind: 'failed'; readonly at: string; readonly failure: SshFailure; readonly gaveUp?: {readonly pid: number}}
	| {readonly kind: 'stale'; readonly reason: TunnelStaleReason; readonly pids: readonly number[]; readonly forwards: readonly BoundForward[]};

/** ssh authenticates before it creates its control socket: a young master without a socket is still starting. */
export const startingGraceMs = 30_000;

/** Derives a tunnel's status from observed facts. Pure: the same facts always give the same status. */
export function deriveStatus(facts: TunnelFacts): TunnelStatus {
	const {master, processes} = facts;
	const pids = processes.map(process => process.pid);
	const boundOf = (pid: number | undefined) => boundForwards(facts.tunnel, facts.listeners.filter(listener => pid !== undefined && listener.pids.includes(pid)), facts.binds);

	switch (master.kind) {
		case 'alive': {
			const owner = processes.find(process => process.pid === master.pid);
			if (owner === undefined) {
				return {kind: 'stale', reason: 'unverified-master', pids, forwards: []};
			}

			const forwards = boundOf(owner.pid);
			if (processes.length > 1) {
				// The master that answers on the socket comes first: it is the one to keep.
				return {kind: 'stale', reason: 'duplicate', pids: [owner.pid, ...pids.filter(pid => pid !== owner.pid)], forwards};
			}

			if (isShared(facts.tunnel) && !carries(forwards) && facts.carrier?.pid !== owner.pid) {
				// A shared master carries the tunnels whose listeners it holds; the others are not up on it.
				return facts.lastFailure === undefined ? {kind: 'down'} : {kind: 'failed', ...facts.lastFailure};
			}

			return forwards.every(forward => holdsRequired(forward, facts.tunnel.gateway, facts.binds))
				? {kind: 'up', pid: owner.pid, startedAt: owner.startedAt, forwards}
				: {kind: 'stale', reason: 'no-listener', pids, forwards};
		}

		case 'timeout': {
			return {kind: 'stale', reason: 'master-unresponsive', pids, forwards: boundOf(pids[0])};
		}

		case 'not-a-master': {
			return {kind: 'stale', reason: 'unverified-master', pids, forwards: []};
		}

		case 'refused': {
			return {kind: 'stale', reason: 'socket-refused', pids, forwards: boundOf(pids[0])};
		}

		case 'missing': {
			const [first] = processes;
			if (first === undefined) {
				return facts.lastFailure === undefined ? {kind: 'down'} : {kind: 'failed', ...facts.lastFailure};
			}

			const age = first.startedAt === undefined ? Number.POSITIVE_INFINITY : facts.now.getTime() - first.startedAt.getTime();
			// A start that holds its lock may wait at a prompt far past the grace (issue 13, item 2).
			return facts.startInProgress === true || (processes.length === 1 && age < startingGraceMs)
				? {kind: 'starting', pid: first.pid}
				: {kind: 'stale', reason: 'no-control-socket', pids, forwards: boundOf(first.pid)};
		}
	}
}

/**
 * Whether a master holds anything of a tunnel here: a shared master carries the tunnel once it does
 * (a lost forward of a carried tunnel is its own stale `no-listener`). Validation makes every shared
 * tunnel listen here at least once.
 */
function carries(forwards: readonly BoundForward[]): boolean {
	return forwards.some(forward => forward.kind !== 'remote' && forward.bound.length > 0);
}

/**
 * The addresses a TCP listener binds (tunnel/bind.ts listenAddresses): both loopbacks for the
 * default and `localhost`, resolved names as `binds` has them. Empty for a name that no longer resolves.
 */
export function expectedAddresses(listen: Pick<TcpListen, 'bind'>, gateway: boolean, binds: BindAddresses = noBindLookups): readonly string[] {
	const addresses = listenAddresses(listen, gateway, binds);
	return addresses.kind === 'addresses' ? addresses.addresses : [];
}

/**
 * A forward listening here counts as bound when every IPv4 address it asked for is bound. ssh keeps
 * running when only one of `localhost`'s two addresses binds (the other taken by someone else), and
 * clients of 127.0.0.1 would reach that someone else; IPv6 alone is not required, hosts may lack it.
 * A name that no longer resolves counts as bound when the process holds its port at all. A socket
 * file counts when the process listens on its path. A remote forward is the server's.
 */
export function holdsRequired(forward: BoundForward, gateway: boolean, binds: BindAddresses = noBindLookups): boolean {
	if (forward.kind === 'remote') {
		return true;
	}

	const {listen} = forward.forward;
	switch (listen.kind) {
		case 'tcp': {
			const addresses = listenAddresses(listen, gateway, binds);
			if (addresses.kind === 'any') {
				return forward.bound.length > 0;
			}

			const expected = addresses.addresses;
			if (expected.length === 0) {
				return false;
			}

			const required = expected.filter(address => !address.includes(':'));
			return (required.length > 0 ? required : expected).every(address => forward.bound.includes(address));
		}

		case 'unix': {
			return forward.bound.includes(listen.path);
		}
	}
}

/** Where a listener of this tunnel holds `listen`: the addresses of a TCP port, or the socket's path. */
export function boundOn(listen: Listen, gateway: boolean, listeners: readonly Listener[], binds: BindAddresses = noBindLookups): string[] {
	return listenersOf(listen, gateway, listeners, binds).map(listener => (listener.kind === 'tcp' ? listener.address : listener.path));
}

/** The listeners that hold `listen`: its port at an address it binds (any, for a name that no longer resolves), or its socket path. */
export function listenersOf(listen: Listen, gateway: boolean, listeners: readonly Listener[], binds: BindAddresses = noBindLookups): Listener[] {
	switch (listen.kind) {
		case 'tcp': {
			const addresses = listenAddresses(listen, gateway, binds);
			return listeners.filter(listener => listener.kind === 'tcp' && listener.port === listen.port && (addresses.kind === 'any' || addresses.addresses.includes(listener.address)));
		}

		case 'unix': {
			return listeners.filter(listener => listener.kind === 'unix' && listener.path === listen.path);
		}
	}
}

function boundForwards(tunnel: Tunnel, listeners: readonly Listener[], binds: BindAddresses): BoundForward[] {
	return forwardsOf(tunnel).map(entry => ({...entry, bound: entry.kind === 'remote' ? [] : boundOn(entry.forward.listen, tunnel.gateway, listeners, binds)}));
}
