// The pieces several --json outputs share, declared as what is printed and copied field by field
// from the internal types: renaming an internal field fails to compile here instead of changing a
// public output. Field order is the printed order; an optional field is left out when undefined.
import type {Holder, TakenAddress} from '../../core/holders.js';
import type {KillOutcome} from '../../core/kill.js';
import type {Listen, TunnelForward} from '../../profile/types.js';
import type {SshFailure} from '../../ssh/failure.js';
import type {TunnelStaleReason} from '../../tunnel/stale.js';
import type {BoundForward, TunnelStatus} from '../../tunnel/status.js';

/** Where a forward listens: `[bind:]port`, `bind` absent when ssh chooses; or a socket file's `path`. */
export type ListenJson = {readonly bind?: string; readonly port: number} | {readonly path: string};

/** Where it leads: `host:hostPort`, a socket file's `hostPath`, or `socks: true` for a SOCKS proxy (-D, or -R without a target). */
export type TargetJson = {readonly host: string; readonly hostPort: number} | {readonly hostPath: string} | {readonly socks: true};

/** A forward: `[bind:]port:host:hostPort` is `{bind, port, host, hostPort}`, as it has always been printed. */
export type ForwardJson = ListenJson & TargetJson;

/** A forward with the addresses (or the socket path) its process really listens on; none seen for a remote one. */
export type BoundForwardJson = {readonly kind: 'local' | 'remote' | 'dynamic'; readonly forward: ForwardJson; readonly bound: readonly string[]};

export type SshFailureJson =
	| {readonly kind: 'port-in-use'; readonly address: string; readonly port: number; readonly line: string}
	| {readonly kind: 'remote-forward-refused'; readonly port: number; readonly line: string}
	| {readonly kind: 'socket-in-use' | 'remote-socket-refused'; readonly path: string; readonly line: string}
	| {readonly kind: 'socket-bind-failed'; readonly path: string; readonly reason: string; readonly line: string}
	| {readonly kind: 'forwarding-prohibited' | 'connection-refused' | 'connect-timeout' | 'unreachable' | 'auth-failed' | 'host-key-unknown' | 'host-key-changed' | 'control-path-too-long'; readonly line: string}
	| {readonly kind: 'name-not-resolved'; readonly host: string; readonly line: string}
	| {readonly kind: 'jump-failed'; readonly said: string; readonly line: string}
	| {readonly kind: 'timeout'; readonly seconds: number}
	| {readonly kind: 'command-line-too-long'; readonly scope: 'argument' | 'whole'; readonly bytes: number; readonly limitBytes: number}
	| {readonly kind: 'other'; readonly exitCode: number; readonly line: string};

export type StaleReasonJson = 'no-listener' | 'socket-refused' | 'no-control-socket' | 'master-unresponsive' | 'unverified-master' | 'duplicate';

export type TunnelStatusJson =
	| {readonly kind: 'down'}
	| {readonly kind: 'starting'; readonly pid: number}
	| {readonly kind: 'up'; readonly pid: number; readonly startedAt?: string; readonly forwards: readonly BoundForwardJson[]}
	| {readonly kind: 'failed'; readonly at: string; readonly failure: SshFailureJson}
	| StaleStatusJson;

export type StaleStatusJson = {readonly kind: 'stale'; readonly reason: StaleReasonJson; readonly pids: readonly number[]; readonly forwards: readonly BoundForwardJson[]};

export type HolderJson =
	| {readonly kind: 'tunnel'; readonly name: string; readonly pid: number}
	| {readonly kind: 'process'; readonly pid: number; readonly command: string}
	| {readonly kind: 'unknown'};

export type TakenAddressJson = {readonly forward: ForwardJson; readonly address: string; readonly holder: HolderJson};

export type KillOutcomeJson =
	| {readonly kind: 'stopped'; readonly by: 'ssh -O exit' | 'SIGTERM' | 'SIGKILL' | 'already gone'}
	| {readonly kind: 'refused'; readonly reason: 'not-found' | 'zombie' | 'identity-changed' | 'other-user' | 'not-ssh' | 'not-a-tunnel'}
	| {readonly kind: 'failed'; readonly reason: 'not-permitted' | 'survived'};

/** A date as JSON.stringify has always printed it (ISO 8601, UTC, milliseconds). */
export function dateJson(date: Date): string {
	return date.toJSON();
}

export function optionalDateJson(date: Date | undefined): string | undefined {
	return date === undefined ? undefined : dateJson(date);
}

export function forwardJson(entry: TunnelForward): ForwardJson {
	const listen = listenJson(entry.forward.listen);
	if (entry.kind === 'dynamic') {
		return {...listen, socks: true};
	}

	const {target} = entry.forward;
	switch (target.kind) {
		case 'tcp': {
			return {...listen, host: target.host, hostPort: target.port};
		}

		case 'unix': {
			return {...listen, hostPath: target.path};
		}

		case 'socks': {
			return {...listen, socks: true};
		}
	}
}

function listenJson(listen: Listen): ListenJson {
	switch (listen.kind) {
		case 'tcp': {
			return {bind: listen.bind, port: listen.port};
		}

		case 'unix': {
			return {path: listen.path};
		}
	}
}

export function boundForwardJson(forward: BoundForward): BoundForwardJson {
	return {kind: forward.kind, forward: forwardJson(forward), bound: [...forward.bound]};
}

export function sshFailureJson(failure: SshFailure): SshFailureJson {
	switch (failure.kind) {
		case 'port-in-use': {
			return {kind: failure.kind, address: failure.address, port: failure.port, line: failure.line};
		}

		case 'remote-forward-refused': {
			return {kind: failure.kind, port: failure.port, line: failure.line};
		}

		case 'socket-in-use':
		case 'remote-socket-refused': {
			return {kind: failure.kind, path: failure.path, line: failure.line};
		}

		case 'socket-bind-failed': {
			return {kind: failure.kind, path: failure.path, reason: failure.reason, line: failure.line};
		}

		case 'forwarding-prohibited':
		case 'connection-refused':
		case 'connect-timeout':
		case 'unreachable':
		case 'auth-failed':
		case 'host-key-unknown':
		case 'host-key-changed':
		case 'control-path-too-long': {
			return {kind: failure.kind, line: failure.line};
		}

		case 'name-not-resolved': {
			return {kind: failure.kind, host: failure.host, line: failure.line};
		}

		case 'jump-failed': {
			return {kind: failure.kind, said: failure.said, line: failure.line};
		}

		case 'timeout': {
			return {kind: failure.kind, seconds: failure.seconds};
		}

		case 'command-line-too-long': {
			return {kind: failure.kind, scope: failure.scope, bytes: failure.bytes, limitBytes: failure.limitBytes};
		}

		case 'other': {
			return {kind: failure.kind, exitCode: failure.exitCode, line: failure.line};
		}
	}
}

/** Mapped one by one, so that renaming an internal reason is decided here, not by accident. */
export function staleReasonJson(reason: TunnelStaleReason): StaleReasonJson {
	switch (reason) {
		case 'no-listener': {
			return 'no-listener';
		}

		case 'socket-refused': {
			return 'socket-refused';
		}

		case 'no-control-socket': {
			return 'no-control-socket';
		}

		case 'master-unresponsive': {
			return 'master-unresponsive';
		}

		case 'unverified-master': {
			return 'unverified-master';
		}

		case 'duplicate': {
			return 'duplicate';
		}
	}
}

export function tunnelStatusJson(status: TunnelStatus): TunnelStatusJson {
	switch (status.kind) {
		case 'down': {
			return {kind: status.kind};
		}

		case 'starting': {
			return {kind: status.kind, pid: status.pid};
		}

		case 'up': {
			return {kind: status.kind, pid: status.pid, startedAt: optionalDateJson(status.startedAt), forwards: status.forwards.map(forward => boundForwardJson(forward))};
		}

		case 'failed': {
			return {kind: status.kind, at: status.at, failure: sshFailureJson(status.failure)};
		}

		case 'stale': {
			return staleStatusJson(status);
		}
	}
}

export function staleStatusJson(status: Extract<TunnelStatus, {kind: 'stale'}>): StaleStatusJson {
	return {kind: status.kind, reason: staleReasonJson(status.reason), pids: [...status.pids], forwards: status.forwards.map(forward => boundForwardJson(forward))};
}

export function holderJson(holder: Holder): HolderJson {
	switch (holder.kind) {
		case 'tunnel': {
			return {kind: holder.kind, name: holder.name, pid: holder.pid};
		}

		case 'process': {
			return {kind: holder.kind, pid: holder.pid, command: holder.command};
		}

		case 'unknown': {
			return {kind: holder.kind};
		}
	}
}

export function takenAddressJson(taken: TakenAddress): TakenAddressJson {
	return {forward: forwardJson(taken.forward), address: taken.address, holder: holderJson(taken.holder)};
}

export function killOutcomeJson(outcome: KillOutcome): KillOutcomeJson {
	switch (outcome.kind) {
		case 'stopped': {
			return {kind: outcome.kind, by: outcome.by};
		}

		case 'refused': {
			return {kind: outcome.kind, reason: outcome.reason};
		}

		case 'failed': {
			return {kind: outcome.kind, reason: outcome.reason};
		}
	}
}
