import type {Listener} from '../net/listeners.js';
import type {Listen, TunnelForward} from '../profile/types.js';
import type {BindAddresses} from '../tunnel/bind.js';
import {expectedAddresses} from '../tunnel/status.js';
import type {Needs} from './deps.js';
import type {TunnelTarget} from '../tunnel/target.js';
import {mastersOf, sshProcesses} from './observe.js';

/** Who holds a port or a socket path: one of our tunnels, another process, or nobody we can see. */
export type Holder =
	| {readonly kind: 'tunnel'; readonly name: string; readonly pid: number}
	| {readonly kind: 'process'; readonly pid: number; readonly command: string}
	| {readonly kind: 'unknown'};

/** A forward that listens on this machine: `-L` or `-D`. */
export type ListeningHere = Extract<TunnelForward, {readonly kind: 'local' | 'dynamic'}>;

/** `address`: the address of a taken TCP port, or the path of a socket someone listens on. */
export type TakenAddress = {
	readonly forward: ListeningHere;
	readonly address: string;
	readonly holder: Holder;
};

/** Finding who holds a port: listeners, and the processes behind them. */
export type HolderDeps = Needs<'uid' | 'listListeners' | 'listSshProcesses' | 'readProcess' | 'probeBind'>;

const wildcards = new Set(['0.0.0.0', '::']);

/**
 * Listeners that would make binding these forwards fail: same port, and the same address (bind names
 * as `binds` has them) or a wildcard; or the same socket path. `listening`: who listens, without
 * owners, when the caller read it once for several tunnels.
 */
export async function findTakenAddresses(deps: HolderDeps, forwards: readonly ListeningHere[], gateway: boolean, targets: readonly TunnelTarget[], binds: BindAddresses, listening?: readonly Listener[]): Promise<TakenAddress[]> {
	// Owners are looked up (a scan of every process's descriptors) only when something clashes.
	const clashing = (listeners: readonly Listener[]) => forwards.flatMap(forward => listeners
		.filter(listener => clashes(forward.forward.listen, gateway, binds, listener))
		.map(listener => ({forward, listener})));
	if (listening === undefined && await allBindable(deps, forwards, gateway, binds)) {
		return [];
	}

	if (clashing(listening ?? await deps.listListeners({ownersAmong: []})).length === 0) {
		return [];
	}

	const found = clashing(await deps.listListeners());

	const ssh = sshProcesses(await deps.listSshProcesses(), deps.uid);
	return Promise.all(found.map(async ({forward, listener}) => ({forward, address: listener.kind === 'tcp' ? listener.address : listener.path, holder: await holderOf(deps, listener, ssh, targets)})));
}

/**
 * Whether the kernel lets every TCP address of these forwards be bound now (one probe each): then
 * nothing clashes, and no listener need be read. A socket path, or any probe that is not `free`,
 * is decided by reading the listeners, as before.
 */
export async function allBindable(deps: Needs<'probeBind'>, forwards: readonly ListeningHere[], gateway: boolean, binds: BindAddresses): Promise<boolean> {
	const places = forwards.map(({forward: {listen}}) => (listen.kind === 'tcp' ? expectedAddresses(listen, gateway, binds).map(address => ({address, port: listen.port})) : undefined));
	if (places.some(place => place === undefined || place.length === 0)) {
		return false;
	}

	const probes = await Promise.all(places.flatMap(place => place!).map(async ({address, port}) => deps.probeBind(address, port)));
	return probes.every(probe => probe === 'free');
}

function clashes(listen: Listen, gateway: boolean, binds: BindAddresses, listener: Listener): boolean {
	switch (listen.kind) {
		case 'tcp': {
			return listener.kind === 'tcp' && listener.port === listen.port && expectedAddresses(listen, gateway, binds).some(address => clash(address, listener));
		}

		case 'unix': {
			return listener.kind === 'unix' && listener.path === listen.path;
		}
	}
}

function clash(wanted: string, listener: Extract<Listener, {kind: 'tcp'}>): boolean {
	const sameFamily = wanted.includes(':') === (listener.family === 6);
	return wanted === listener.address || (sameFamily && (wildcards.has(wanted) || wildcards.has(listener.address)));
}

async function holderOf(deps: HolderDeps, listener: Listener, ssh: ReturnType<typeof sshProcesses>, targets: readonly TunnelTarget[]): Promise<Holder> {
	const [pid] = listener.pids;
	if (pid === undefined) {
		return {kind: 'unknown'};
	}

	const owner = targets.find(target => mastersOf(ssh, target.controlPath).some(({process}) => process.pid === pid));
	if (owner !== undefined) {
		return {kind: 'tunnel', name: owner.tunnel.name, pid};
	}

	const process = await deps.readProcess(pid);
	return process === undefined ? {kind: 'unknown'} : {kind: 'process', pid, command: process.argv.join(' ') || process.name};
}
