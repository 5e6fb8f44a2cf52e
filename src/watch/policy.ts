// What a watcher does about one tunnel, given what a round saw of it and what it remembers. Pure:
// the loop (watch/loop.ts) carries the actions out and feeds the outcomes back.
import type {StopRecord} from '../tunnel/status.js';
import {backoffMs, type BackoffSettings, type ClockReading} from './backoff.js';
import type {WatchEvent, WatchFailure} from './events.js';
import type {TunnelWatch} from './memory.js';
import type {Sighting} from './sighting.js';

export type PolicyContext = {
	readonly now: ClockReading;
	readonly random: () => number;
	readonly backoff: BackoffSettings;
	/** a tunnel lost sooner than this after it came up counts as one more failure in a row (it flaps) */
	readonly stableMs: number;
};

/** `stop`: what is left of the tunnel no longer serves; the next start comes later. */
export type Action =
	| {readonly kind: 'none'}
	| {readonly kind: 'stop'}
	| {readonly kind: 'start'; readonly stopFirst: boolean};

export type Step = {readonly watch: TunnelWatch; readonly action: Action; readonly events: readonly WatchEvent[]};

/** A tunnel seen in a round: keep watching, leave it, stop what is left of it, or start it. */
export function step(watch: TunnelWatch, sighting: Sighting, context: PolicyContext): Step {
	const at = new Date(context.now.wallMs);
	const {phase, name} = watch;
	const checkAtMs = context.now.monotonicMs + watch.probeEveryMs;
	switch (sighting.kind) {
		case 'elsewhere': {
			const news = phase.kind !== 'elsewhere' || phase.pid !== sighting.pid;
			const keeper = sighting.keeper === undefined ? {} : {keeper: sighting.keeper};
			return settle({...watch, phase: {kind: 'elsewhere', pid: sighting.pid, ...keeper, checkAtMs}}, news ? [{kind: 'elsewhere', at, name, pid: sighting.pid, ...keeper}] : []);
		}

		case 'stopped': {
			const news = phase.kind !== 'stopped';
			return settle({...watch, phase: {kind: 'stopped', stop: sighting.stop, checkAtMs}, failures: 0}, news ? [{kind: 'stopped', at, name, stop: sighting.stop}] : []);
		}

		case 'starting': {
			return settle(watch, []);
		}

		case 'up': {
			const probeAtMs = context.now.monotonicMs + watch.probeEveryMs;
			if (phase.kind === 'up' && phase.pid === sighting.pid) {
				const stable = context.now.monotonicMs - phase.sinceMs >= context.stableMs;
				return settle({...watch, failures: stable ? 0 : watch.failures, phase: {...phase, probeAtMs}}, []);
			}

			return settle({...watch, phase: {kind: 'up', pid: sighting.pid, sinceMs: context.now.monotonicMs, probeAtMs}}, [{kind: 'adopted', at, name, pid: sighting.pid}]);
		}

		case 'unresponsive':
		case 'stale':
		case 'down':
		case 'failed': {
			return notUp(watch, sighting, context);
		}
	}
}

function notUp(watch: TunnelWatch, sighting: Extract<Sighting, {kind: 'unresponsive' | 'stale' | 'down' | 'failed'}>, context: PolicyContext): Step {
	const {phase} = watch;
	switch (phase.kind) {
		case 'up': {
			const failure = sighting.kind === 'down' || sighting.kind === 'failed' ? {kind: 'process-gone', pid: phase.pid} as const : lossOf(sighting);
			return lose(watch, failure, failure.kind !== 'process-gone', context);
		}

		case 'reconnecting': {
			const leftover = sighting.kind === 'unresponsive' || sighting.kind === 'stale';
			return phase.retryAtMs <= context.now.monotonicMs ? start(watch, phase.after, leftover) : settle(watch, []);
		}

		case 'starting':
		case 'needs-you': {
			return settle(watch, []);
		}

		case 'pending':
		case 'idle':
		case 'stopped':
		case 'elsewhere': {
			if (sighting.kind === 'unresponsive' || sighting.kind === 'stale') {
				return lose(watch, lossOf(sighting), true, context);
			}

			if (sighting.kind === 'failed' && sighting.gaveUp === true) {
				// A keeper before this one gave up on it (the service restarted): still a person's to fix.
				return needsYou(watch, {kind: 'ssh-failed', failure: sighting.failure}, context);
			}

			if (sighting.kind === 'failed') {
				// Its last start failed (a person's `up`, or a watcher's): a failure for either policy.
				const failure: WatchFailure = {kind: 'ssh-failed', failure: sighting.failure};
				return start({...watch, lastFailure: failure}, failure, false);
			}

			if (watch.policy === 'always') {
				return start(watch, undefined, false);
			}

			const idle = {kind: 'idle', checkAtMs: context.now.monotonicMs + watch.probeEveryMs} as const;
			return settle({...watch, phase: idle}, phase.kind === 'idle' ? [] : [{kind: 'idle', at: new Date(context.now.wallMs), name: watch.name}]);
		}
	}
}

/** A tunnel that runs but no longer serves. */
function lossOf(sighting: Extract<Sighting, {kind: 'unresponsive' | 'stale'}>): WatchFailure {
	return sighting.kind === 'unresponsive'
		? {kind: 'unresponsive', pid: sighting.pid, silentMs: sighting.silentMs}
		: {kind: 'stale', reason: sighting.reason};
}

/**
 * A loss: restarted at once, even the first one soon after a start (a second freeze of the server
 * right after a restore is still one loss to repair fast, as autossh does); from the second early
 * loss in a row, the tunnel flaps and waits for the backoff.
 */
function lose(watch: TunnelWatch, failure: WatchFailure, leftover: boolean, context: PolicyContext): Step {
	const {phase} = watch;
	const early = phase.kind === 'up' && context.now.monotonicMs - phase.sinceMs < context.stableMs;
	const failures = early ? watch.failures + 1 : 0;
	const lost: WatchEvent = {kind: 'lost', at: new Date(context.now.wallMs), name: watch.name, failure};
	const next = {...watch, failures, lastFailure: failure};
	if (failures <= 1) {
		const started = start(next, failure, leftover);
		return {...started, events: [lost]};
	}

	const retryAtMs = context.now.monotonicMs + backoffMs(failures, context.backoff, context.random);
	return {
		watch: {...next, phase: {kind: 'reconnecting', attempt: failures + 1, retryAtMs, after: failure}},
		action: leftover ? {kind: 'stop'} : {kind: 'none'},
		events: [lost],
	};
}

function start(watch: TunnelWatch, after: WatchFailure | undefined, stopFirst: boolean): Step {
	return {watch: {...watch, phase: {kind: 'starting', attempt: watch.failures + 1, after}}, action: {kind: 'start', stopFirst}, events: []};
}

function settle(watch: TunnelWatch, events: readonly WatchEvent[]): Step {
	return {watch, action: {kind: 'none'}, events};
}

/** How a start ended: up (started, or found up already), failed, or a person stopped the tunnel meanwhile. */
export type StartOutcome =
	| {readonly kind: 'up'; readonly pid: number; readonly alreadyUp: boolean}
	| {readonly kind: 'failed'; readonly failure: WatchFailure}
	| {readonly kind: 'stopped'; readonly stop: StopRecord};

/** Feeds the outcome of a start back: up, or one more failure and a retry after the backoff. */
export function afterStart(watch: TunnelWatch, outcome: StartOutcome, context: PolicyContext): Omit<Step, 'action'> {
	const at = new Date(context.now.wallMs);
	const {name, phase} = watch;
	const attempt = phase.kind === 'starting' ? phase.attempt : watch.failures + 1;
	const after = phase.kind === 'starting' ? phase.after : undefined;
	switch (outcome.kind) {
		case 'up': {
			const up = {...watch, phase: {kind: 'up', pid: outcome.pid, sinceMs: context.now.monotonicMs, probeAtMs: context.now.monotonicMs + watch.probeEveryMs} as const};
			if (outcome.alreadyUp) {
				return {watch: up, events: [{kind: 'adopted', at, name, pid: outcome.pid}]};
			}

			return after === undefined
				? {watch: up, events: [{kind: 'started', at, name, pid: outcome.pid, attempt}]}
				: {watch: {...up, restarts: watch.restarts + 1}, events: [{kind: 'restarted', at, name, pid: outcome.pid, attempt, after}]};
		}

		case 'failed': {
			if (!healsByRetry(outcome.failure)) {
				return needsYou(watch, outcome.failure, context);
			}

			const failures = watch.failures + 1;
			const delayMs = backoffMs(failures, context.backoff, context.random);
			return {
				watch: {...watch, failures, lastFailure: outcome.failure, phase: {kind: 'reconnecting', attempt: failures + 1, retryAtMs: context.now.monotonicMs + delayMs, after}},
				events: [{kind: 'start-failed', at, name, attempt, failure: outcome.failure, nextAt: new Date(context.now.wallMs + delayMs)}],
			};
		}

		case 'stopped': {
			const checkAtMs = context.now.monotonicMs + watch.probeEveryMs;
			return {watch: {...watch, failures: 0, phase: {kind: 'stopped', stop: outcome.stop, checkAtMs}}, events: [{kind: 'stopped', at, name, stop: outcome.stop}]};
		}
	}
}

/**
 * Whether trying again may help. A refused key, a changed or unknown host key (the watcher's ssh
 * never prompts), a server that forbids forwarding, a command line ssh cannot take: each fails the
 * same way every time until a person acts, and each retry is one more refusal in the server's log.
 */
export function healsByRetry(failure: WatchFailure): boolean {
	if (failure.kind !== 'ssh-failed') {
		return true;
	}

	return !['auth-failed', 'host-key-unknown', 'host-key-changed', 'forwarding-prohibited', 'control-path-too-long', 'command-line-too-long'].includes(failure.failure.kind);
}

/** No more starts: said once, and the tunnel is checked at the probe's pace for a person's `up`. */
function needsYou(watch: TunnelWatch, failure: WatchFailure, context: PolicyContext): Step {
	const phase = {kind: 'needs-you', failure, checkAtMs: context.now.monotonicMs + watch.probeEveryMs} as const;
	const news = watch.phase.kind !== 'needs-you';
	return {watch: {...watch, failures: 0, lastFailure: failure, phase}, action: {kind: 'none'}, events: news ? [{kind: 'gave-up', at: new Date(context.now.wallMs), name: watch.name, failure}] : []};
}
