import {effectiveConfigArgv, parseEffectiveConfig} from '../ssh-config/effective.js';
import {timeouts} from './timeouts.js';
import type {Needs} from './deps.js';
import type {TunnelTarget} from '../tunnel/target.js';

/** Resolving each first hop with ssh -G, then knocking on it. */
export type NetworkDeps = Needs<'runSsh' | 'canConnect' | 'monotonic' | 'sleep'>;

type Hop = {readonly host: string; readonly port: number};

/**
 * After the machine woke: waits until the first hop of every tunnel (its server, or its first jump
 * host, as `ssh -G` resolves them) answers on TCP, so that starts are not spent on a network that
 * is not back yet. A refused connection is an answer: the network is there. Bounded by `timeoutMs`;
 * false when the bound passed (or the wait was aborted) first. Tunnels behind a ProxyCommand have
 * no hop to try.
 */
export async function waitForNetwork(deps: NetworkDeps, targets: readonly TunnelTarget[], timeoutMs: number, signal: AbortSignal): Promise<boolean> {
	const deadline = deps.monotonic() + timeoutMs;
	const found = await Promise.all(targets.map(async target => firstHop(deps, target)));
	let waiting = [...new Map(found.flatMap(hop => (hop === undefined ? [] : [[`${hop.host} ${hop.port}`, hop] as const]))).values()];
	while (!signal.aborted) {
		const answers = await Promise.all(waiting.map(async hop => deps.canConnect(hop.host, hop.port, timeouts.masterCheckMs)));
		waiting = waiting.filter((_, index) => !['open', 'refused'].includes(answers[index]!.kind));
		if (waiting.length === 0) {
			return true;
		}

		if (deps.monotonic() >= deadline) {
			return false;
		}

		await deps.sleep(500, signal);
	}

	return false;
}

/** Where ssh first connects for a tunnel: its destination, or the first of its jump hosts. */
async function firstHop(deps: NetworkDeps, target: TunnelTarget): Promise<Hop | undefined> {
	const config = await resolve(deps, target, target.tunnel);
	const proxyCommand = config?.get('proxycommand')?.[0];
	const jump = config?.get('proxyjump')?.[0];
	if (config === undefined || (proxyCommand !== undefined && proxyCommand !== 'none')) {
		return undefined;
	}

	if (jump === undefined || jump === 'none') {
		return hopOf(config, target.tunnel.host);
	}

	// `[user@]host[:port]`, the first of a comma-separated list.
	const match = /^(?:[^@,]*@)?(\[[^\]]+\]|[^:,]+)(?::(\d+))?/.exec(jump);
	const host = match?.[1]?.replace(/^\[|\]$/g, '');
	if (host === undefined) {
		return undefined;
	}

	// The jump host as ssh resolves it for its own `ssh -W` child: without the tunnel's jump hosts.
	const jumpConfig = await resolve(deps, target, {host, user: undefined, port: match?.[2] === undefined ? undefined : Number(match[2]), jump: []});
	return jumpConfig === undefined ? undefined : hopOf(jumpConfig, host);
}

type Destination = {readonly host: string; readonly user: string | undefined; readonly port: number | undefined; readonly jump: readonly string[]};

async function resolve(deps: NetworkDeps, target: TunnelTarget, destination: Destination) {
	const run = await deps.runSsh(effectiveConfigArgv({...target.tunnel, ...destination}, target.ssh), {timeoutMs: timeouts.controlCommandMs, prompt: {kind: 'none'}});
	return run.exitCode === 0 ? parseEffectiveConfig(run.stdout) : undefined;
}

function hopOf(config: ReturnType<typeof parseEffectiveConfig>, host: string): Hop {
	return {host: config.get('hostname')?.[0] ?? host, port: Number(config.get('port')?.[0] ?? 22)};
}
