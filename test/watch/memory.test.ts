import assert from 'node:assert/strict';
import {test} from 'node:test';
import {defaultBackoff} from '../../src/watch/backoff.js';
import {dueAtMs, forgetFailures, needsLook, newWatch, stateOf, type Phase, type TunnelWatch} from '../../src/watch/memory.js';
import {step, type PolicyContext} from '../../src/watch/policy.js';

const wall0 = Date.parse('2026-11-24T22:40:00Z');
const at = (t: number): PolicyContext => ({now: {wallMs: wall0 + t, monotonicMs: t}, random: () => 0.5, backoff: defaultBackoff, stableMs: 10_000});
const date = (t: number) => new Date(wall0 + t);
const up = (pid: number, sinceMs: number, watch: TunnelWatch): TunnelWatch => ({...watch, phase: {kind: 'up', pid, sinceMs, probeAtMs: sinceMs + 2000}});
const watchOf = (policy: 'always' | 'on-failure') => newWatch('db', policy, 2000);

test('what is due when: a probe, a retry, a check; a look for one never seen, taken over, or due to retry', () => {
	const stop = {at: '2026-11-24T22:41:00.000Z', by: 'kill'} as const;
	const cases: Array<[Phase, number | undefined, boolean]> = [
		[{kind: 'pending'}, undefined, true],
		[{kind: 'up', pid: 40, sinceMs: 0, probeAtMs: 7000}, 7000, false],
		[{kind: 'starting', attempt: 1, after: undefined}, undefined, false],
		[{kind: 'reconnecting', attempt: 2, retryAtMs: 4000, after: undefined}, 4000, true],
		[{kind: 'reconnecting', attempt: 2, retryAtMs: 6000, after: undefined}, 6000, false],
		[{kind: 'idle', checkAtMs: 9000}, 9000, false],
		[{kind: 'stopped', stop, checkAtMs: 9000}, 9000, false],
		[{kind: 'elsewhere', pid: 77, checkAtMs: 9000}, 9000, true],
	];
	for (const [phase, due, look] of cases) {
		assert.deepEqual([dueAtMs(phase), needsLook({...watchOf('always'), phase}, 5000)], [due, look], phase.kind);
	}
});

test('after a wake, failures are forgotten and a waiting retry is due at once', () => {
	const waiting: TunnelWatch = {...watchOf('always'), failures: 5, phase: {kind: 'reconnecting', attempt: 6, retryAtMs: 40_000, after: undefined}};
	const woken = forgetFailures(waiting, {wallMs: wall0 + 9000, monotonicMs: 9000});
	assert.deepEqual([woken.failures, woken.phase], [0, {kind: 'reconnecting', attempt: 1, retryAtMs: 9000, after: undefined}]);
	assert.deepEqual(step(woken, {kind: 'down'}, at(9000)).action, {kind: 'start', stopFirst: false});
});

test('the state for a view: `reconnecting (attempt 3, next in 8 s)` as dates', () => {
	const failure = {kind: 'process-gone', pid: 40} as const;
	const watch: TunnelWatch = {...watchOf('always'), restarts: 2, lastFailure: failure, phase: {kind: 'reconnecting', attempt: 3, retryAtMs: 18_000, after: failure}};
	assert.deepEqual(stateOf(watch, {wallMs: wall0 + 10_000, monotonicMs: 10_000}), {
		kind: 'reconnecting', attempt: 3, nextAt: date(18_000), name: 'db', policy: 'always', restarts: 2, lastFailure: failure,
	});
	assert.deepEqual(stateOf(up(40, 2000, watch), {wallMs: wall0 + 10_000, monotonicMs: 10_000}), {
		kind: 'up', pid: 40, since: date(2000), name: 'db', policy: 'always', restarts: 2, lastFailure: failure,
	});
	assert.deepEqual(stateOf(step(watch, {kind: 'elsewhere', pid: 3}, at(0)).watch, at(0).now), {kind: 'elsewhere', pid: 3, name: 'db', policy: 'always', restarts: 2, lastFailure: failure});
});
