// Tunnels with `share: true` ride one master per connection identity (tunnel/share.ts). The master
// runs with no forward of its own and every tunnel adds and removes its forwards through the mux:
// no tunnel owns the master's command line, so `down` of any one of them, the first included, only
// closes that tunnel's forwards, and the master ends when it carries nothing (the last `down`).
import path from 'node:path';
import {forwardsOf} from '../profile/forward.js';
import type {TunnelForward} from '../profile/types.js';
import type {AskForward, ForwardOutcome} from '../mux/forwards.js';
import type {Lock} from '../store/lock.js';
import type {SshFailure} from '../ssh/failure.js';
import type {TunnelTarget} from '../tunnel/target.js';
import type {Needs} from './deps.js';
import {timeouts} from './timeouts.js';

/** The lock of a shared master's starts and ends, by its socket's name (`+hash`, never a tunnel's). */
export function sharedLockName(target: TunnelTarget): string {
	return path.basename(target.controlPath);
}

export type ForwardsOpened =
	| {readonly kind: 'opened'}
	| {readonly kind: 'refused'; readonly failure: SshFailure};

/**
 * Opens every forward of these tunnels on the live master (`ask`: one connection to it), all asked at
 * once: the master answers them in order, without a round trip each (fifty tunnels' forwards asked
 * one by one cost more than their verification). A tunnel with a refused forward has the forwards it
 * opened closed again and is refused for the first of its forwards refused, as if asked one by one.
 */
export async function openForwards(ask: AskForward, targets: readonly TunnelTarget[]): Promise<ForwardsOpened[]> {
	const asked = targets.map(target => forwardsOf(target.tunnel).map(entry => ({entry, outcome: ask('open', entry)})));
	return Promise.all(asked.map(async (forwards, index) => {
		const answered = await Promise.all(forwards.map(async ({entry, outcome}) => ({entry, refusal: refusalReason(await outcome)})));
		const refused = answered.find(({refusal}) => refusal !== undefined);
		if (refused === undefined) {
			return {kind: 'opened'};
		}

		await closeForwards(ask, targets[index]!, answered.filter(({refusal}) => refusal === undefined).map(({entry}) => entry));
		return {kind: 'refused', failure: refusalOf(refused.entry, refused.refusal!)};
	}));
}

/** Why the master did not open a forward; undefined when it did. */
function refusalReason(outcome: ForwardOutcome): string | undefined {
	switch (outcome.kind) {
		case 'ok':
		case 'remote-port': {
			return undefined;
		}

		case 'timeout': {
			return 'no answer from the shared connection';
		}

		case 'unreachable': {
			return outcome.detail;
		}

		case 'failure':
		case 'permission-denied': {
			return outcome.reason;
		}
	}
}

/** Closes forwards on the master (`ask`: a connection to it); one it does not hold is no error (it was lost, or never added). */
export async function closeForwards(ask: AskForward, target: TunnelTarget, entries: readonly TunnelForward[] = forwardsOf(target.tunnel)): Promise<number> {
	let closed = 0;
	for (const entry of entries) {
		// The master answers a forward it does not hold with a failure ("port not forwarded").
		closed += (await ask('close', entry)).kind === 'ok' ? 1 : 0;
	}

	return closed;
}

/** Waits (bounded) for the shared master's lock: another tunnel of the same identity may be starting or ending it. */
export async function acquireSharedLock(deps: Needs<'monotonic' | 'sleep', 'tryLock'>, target: TunnelTarget): Promise<Lock> {
	const deadline = deps.monotonic() + timeouts.startMs + 5000;
	let lock = await deps.runtime.tryLock(sharedLockName(target));
	while (lock.kind === 'held' && deps.monotonic() < deadline) {
		await deps.sleep(20);
		lock = await deps.runtime.tryLock(sharedLockName(target));
	}

	return lock;
}

/** A forward the master refused, as the failure ssh would have printed for it on its command line. */
function refusalOf(entry: TunnelForward, reason: string): SshFailure {
	const line = `the shared connection refused the ${entry.kind} forward: ${reason}`;
	const {listen} = entry.forward;
	if (listen.kind === 'unix') {
		return {kind: 'socket-bind-failed', path: listen.path, reason, line};
	}

	return entry.kind === 'remote'
		? {kind: 'remote-forward-refused', port: listen.port, line}
		: {kind: 'port-in-use', address: listen.bind ?? '127.0.0.1', port: listen.port, line};
}
