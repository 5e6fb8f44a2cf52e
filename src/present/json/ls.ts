// `tunnels ls --json`: the profile file, every tunnel with its observed state, the ssh tunnels that
// run outside of them, and the warnings met on the way.
import type {StrayTunnel} from '../../core/observe.js';
import type {ProfileIssue} from '../../profile/issue.js';
import type {Tunnel, TunnelSource} from '../../profile/types.js';
import type {Keeper} from '../../store/lock.js';
import {strayKind, type StrayKind} from '../../tunnel/origin.js';
import type {TunnelStatus} from '../../tunnel/status.js';
import {
	boundForwardJson, optionalDateJson, sshFailureJson, staleReasonJson,
	type BoundForwardJson, type SshFailureJson, type StaleReasonJson,
} from './shared.js';

export type TunnelSourceJson =
	| {readonly kind: 'profile'}
	| {readonly kind: 'ssh-config'; readonly file: string; readonly line: number; readonly route: string};

/** A tunnel's state, flattened into its entry under `state` (not `kind`). */
export type LsStateJson =
	| {readonly state: 'down'}
	| {readonly state: 'starting'; readonly pid: number}
	| {readonly state: 'up'; readonly pid: number; readonly startedAt?: string; readonly forwards: readonly BoundForwardJson[]}
	/** `gaveUp`: a keeper (tunnels watch, the service, the UI) stopped retrying: a person must act */
	| {readonly state: 'failed'; readonly at: string; readonly failure: SshFailureJson; readonly gaveUp?: {readonly pid: number}}
	| {readonly state: 'stale'; readonly reason: StaleReasonJson; readonly pids: readonly number[]; readonly forwards: readonly BoundForwardJson[]};

/**
 * `tags` only when it has some: a file without tags prints what it did before tags. `keeper`: who
 * keeps it up, from its watch lock: the login service, a `tunnels watch`, a UI.
 */
export type LsTunnelJson = {readonly name: string; readonly tags?: readonly string[]; readonly source: TunnelSourceJson; readonly controlPath: string} & LsStateJson & {readonly keeper?: KeeperJson};

export type KeeperJson = {readonly kind: 'service' | 'watch' | 'ui'; readonly pid: number};

/** An ssh tunnel running outside the profile, named as `ls` and the UI name it (tunnel/origin.ts). */
export type LsOutsideJson = {
	readonly origin: StrayKind;
	readonly pid: number;
	readonly startedAt?: string;
	readonly argv: readonly string[];
	readonly forwards: ReadonlyArray<{readonly flag: 'L' | 'R' | 'D'; readonly spec: string}>;
	readonly destination?: string;
	/** its TCP listeners, and its Unix sockets bound to a path */
	readonly listeners: ReadonlyArray<{readonly address: string; readonly port: number} | {readonly path: string}>;
};

export type ProfileIssueJson = {
	readonly severity: 'error' | 'warning';
	readonly file: string;
	readonly line?: number;
	readonly tunnel?: string;
	readonly field?: string;
	readonly message: string;
	readonly hint?: string;
};

export type LsJson = {
	readonly file: string;
	readonly tunnels: readonly LsTunnelJson[];
	readonly outside: readonly LsOutsideJson[];
	readonly warnings: readonly ProfileIssueJson[];
	readonly sshConfigWarnings: readonly string[];
};

/** What `ls` observed of one tunnel: the parts of ObservedTunnel it prints. */
export type LsTunnel = {
	readonly target: {readonly tunnel: Pick<Tunnel, 'name' | 'source' | 'tags'>; readonly controlPath: string};
	readonly status: TunnelStatus;
	readonly keeper?: Keeper;
};

export function lsJson(input: {
	readonly file: string;
	readonly tunnels: readonly LsTunnel[];
	readonly strays: readonly StrayTunnel[];
	readonly warnings: readonly ProfileIssue[];
	readonly sshConfigWarnings: readonly string[];
}): LsJson {
	return {
		file: input.file,
		tunnels: input.tunnels.map(tunnel => tunnelJson(tunnel)),
		outside: input.strays.map(stray => outsideJson(stray)),
		warnings: input.warnings.map(issue => issueJson(issue)),
		sshConfigWarnings: [...input.sshConfigWarnings],
	};
}

function tunnelJson(tunnel: LsTunnel): LsTunnelJson {
	const entry = tunnelStateJson(tunnel);
	return tunnel.keeper === undefined ? entry : {...entry, keeper: {kind: tunnel.keeper.kind, pid: tunnel.keeper.pid}};
}

function tunnelStateJson({target, status}: LsTunnel): LsTunnelJson {
	const head = {name: target.tunnel.name, ...(target.tunnel.tags.length > 0 ? {tags: [...target.tunnel.tags]} : {}), source: sourceJson(target.tunnel.source), controlPath: target.controlPath};
	switch (status.kind) {
		case 'down': {
			return {...head, state: status.kind};
		}

		case 'starting': {
			return {...head, state: status.kind, pid: status.pid};
		}

		case 'up': {
			return {...head, state: status.kind, pid: status.pid, startedAt: optionalDateJson(status.startedAt), forwards: status.forwards.map(forward => boundForwardJson(forward))};
		}

		case 'failed': {
			return {...head, state: status.kind, at: status.at, failure: sshFailureJson(status.failure), ...(status.gaveUp === undefined ? {} : {gaveUp: {pid: status.gaveUp.pid}})};
		}

		case 'stale': {
			return {...head, state: status.kind, reason: staleReasonJson(status.reason), pids: [...status.pids], forwards: status.forwards.map(forward => boundForwardJson(forward))};
		}
	}
}

function sourceJson(source: TunnelSource): TunnelSourceJson {
	switch (source.kind) {
		case 'profile': {
			return {kind: source.kind};
		}

		case 'ssh-config': {
			return {kind: source.kind, file: source.file, line: source.line, route: source.route};
		}
	}
}

function outsideJson(stray: StrayTunnel): LsOutsideJson {
	return {
		origin: strayKind(stray),
		pid: stray.process.pid,
		startedAt: optionalDateJson(stray.process.startedAt),
		argv: [...stray.process.argv],
		forwards: stray.view.forwards.map(forward => ({flag: forward.flag, spec: forward.spec})),
		destination: stray.view.destination,
		listeners: stray.listeners.map(listener => (listener.kind === 'tcp' ? {address: listener.address, port: listener.port} : {path: listener.path})),
	};
}

function issueJson(issue: ProfileIssue): ProfileIssueJson {
	return {severity: issue.severity, file: issue.file, line: issue.line, tunnel: issue.tunnel, field: issue.field, message: issue.message, hint: issue.hint};
}
