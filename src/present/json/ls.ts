// `tunnels ls --json`: each tunnel with its state and the evidence, each stray with its argv and listeners.
import type {ObservedTunnel, StrayTunnel} from '../../core/observe.js';
import type {ProfileIssue} from '../../profile/issue.js';

export type LsInput = {
	readonly file: string;
	readonly tunnels: readonly ObservedTunnel[];
	readonly strays: readonly StrayTunnel[];
	readonly warnings: readonly ProfileIssue[];
	readonly sshConfigWarnings: readonly string[];
};

export function lsJson(input: LsInput): Record<string, unknown> {
	return {
		file: input.file,
		tunnels: input.tunnels.map(observed => tunnelJson(observed)),
		strays: input.strays.map(stray => strayJson(stray)),
		warnings: input.warnings,
		sshConfigWarnings: input.sshConfigWarnings,
	};
}

export function tunnelJson({target, status}: ObservedTunnel): Record<string, unknown> {
	const {kind, ...details} = status;
	return {name: target.tunnel.name, source: target.tunnel.source, controlPath: target.controlPath, state: kind, ...details};
}

export function strayJson(stray: StrayTunnel): Record<string, unknown> {
	return {
		origin: stray.origin,
		pid: stray.process.pid,
		startedAt: stray.process.startedAt,
		argv: stray.process.argv,
		forwards: stray.view.forwards,
		destination: stray.view.destination,
		listeners: stray.listeners.map(listener => ({address: listener.address, port: listener.port})),
	};
}
