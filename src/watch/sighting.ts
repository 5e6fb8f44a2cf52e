// What one round of a watcher saw of a tunnel, from the observed status, the server probe and a person's stop.
import type {ServerProbe} from '../mux/server-probe.js';
import type {Tunnel} from '../profile/types.js';
import {keepAliveOf} from '../ssh/argv.js';
import type {SshFailure} from '../ssh/failure.js';
import type {KeeperKind} from '../store/lock.js';
import type {TunnelStaleReason} from '../tunnel/stale.js';
import type {StopRecord, TunnelStatus} from '../tunnel/status.js';

/** What one round saw of a tunnel. */
export type Sighting =
	| {readonly kind: 'up'; readonly pid: number}
	| {readonly kind: 'unresponsive'; readonly pid: number; readonly silentMs: number}
	/** someone else's start is under way */
	| {readonly kind: 'starting'}
	| {readonly kind: 'down'}
	/** no process, and its last start failed; `gaveUp`: a keeper stopped retrying it */
	| {readonly kind: 'failed'; readonly failure: SshFailure; readonly gaveUp?: boolean}
	| {readonly kind: 'stale'; readonly reason: TunnelStaleReason}
	| {readonly kind: 'stopped'; readonly stop: StopRecord}
	/** another watcher holds its watch lock */
	| {readonly kind: 'elsewhere'; readonly pid: number; readonly keeper?: KeeperKind};

/** A round's facts about a tunnel as one sighting; a person's stop comes first, whatever runs. */
export function sightingOf(status: TunnelStatus, probe: ServerProbe | undefined, stop: StopRecord | undefined, probeTimeoutMs: number): Sighting {
	if (stop !== undefined) {
		return {kind: 'stopped', stop};
	}

	switch (status.kind) {
		case 'up': {
			return (probe === undefined ? undefined : sightingOfProbe(status.pid, probe, probeTimeoutMs)) ?? {kind: 'up', pid: status.pid};
		}

		case 'starting': {
			return {kind: 'starting'};
		}

		case 'down': {
			return {kind: 'down'};
		}

		case 'failed': {
			return status.gaveUp === undefined ? {kind: 'failed', failure: status.failure} : {kind: 'failed', failure: status.failure, gaveUp: true};
		}

		case 'stale': {
			// A socket file left by a master that is gone (SIGKILL): the process is gone; `up` removes the file.
			return status.reason === 'socket-refused' && status.pids.length === 0 ? {kind: 'down'} : {kind: 'stale', reason: status.reason};
		}
	}
}

/**
 * What a probe alone says of a tunnel seen up with `pid`: up, or its server silent. Undefined when it
 * says nothing: the master could not ask (ControlMaster=ask), or is gone (its socket refused).
 */
export function sightingOfProbe(pid: number, probe: ServerProbe, timeoutMs: number): Sighting | undefined {
	switch (probe.kind) {
		case 'answered': {
			return {kind: 'up', pid};
		}

		case 'timeout': {
			return {kind: 'unresponsive', pid, silentMs: timeoutMs};
		}

		case 'inconclusive': {
			return undefined;
		}
	}
}

/** How often a watcher asks a tunnel's server whether it is alive, and how long it waits for the answer. */
export type ProbePace = {readonly everyMs: number; readonly timeoutMs: number};

/**
 * As often as the tunnel's own keep-alives go (at least every second), waiting no longer than the
 * silence they tolerate and at most `boundMs`. With the default keep-alive (15 s × 3) and a 5 s bound:
 * a probe every 15 s, a dead server known within 20 s, where ssh itself takes 45 s or more. Not more
 * often: each probe is a refused forward request, one line in the server's sshd log.
 */
export function probePace(tunnel: Tunnel, boundMs: number): ProbePace {
	const keepAlive = keepAliveOf(tunnel);
	const within = (ms: number) => Math.max(1000, Math.min(boundMs, ms));
	return {everyMs: Math.max(1000, keepAlive.interval * 1000), timeoutMs: within(keepAlive.interval * keepAlive.countMax * 1000)};
}
