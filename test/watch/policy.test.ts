import assert from 'node:assert/strict';
import {test} from 'node:test';
import {defaultBackoff} from '../../src/watch/backoff.js';
import {newWatch, type TunnelWatch} from '../../src/watch/memory.js';
import {afterStart, step, type PolicyContext} from '../../src/watch/policy.js';

const wall0 = Date.parse('2026-11-24T22:40:00Z');
/** `t` ms after the watcher began; random 0.5: waits without jitter. */
const at = (t: number): PolicyContext => ({now: {wallMs: wall0 + t, monotonicMs: t}, random: () => 0.5, backoff: defaultBackoff, stableMs: 10_000});
const date = (t: number) => new Date(wall0 + t);
const up = (pid: number, sinceMs: number, watch: TunnelWatch): TunnelWatch => ({...watch, phase: {kind: 'up', pid, sinceMs, probeAtMs: sinceMs + 2000}});
/** probed every 2 s */
const watchOf = (policy: 'always' | 'on-failure') => newWatch('db', policy, 2000);
const refused = {kind: 'connection-refused', line: 'ssh: connect to host 127.0.0.1 port 22: Connection refused'} as const;

test('always: a tunnel found down is started; when it is up, `started` with its pid', () => {
	const first = step(watchOf('always'), {kind: 'down'}, at(0));
	assert.deepEqual(first.action, {kind: 'start', stopFirst: false});
	assert.deepEqual(first.watch.phase, {kind: 'starting', attempt: 1, after: undefined});
	assert.deepEqual(first.events, []);
	const started = afterStart(first.watch, {kind: 'up', pid: 40, alreadyUp: false}, at(300));
	assert.deepEqual(started.watch.phase, {kind: 'up', pid: 40, sinceMs: 300, probeAtMs: 2300});
	assert.deepEqual(started.events, [{kind: 'started', at: date(300), name: 'db', pid: 40, attempt: 1}]);
	assert.equal(started.watch.restarts, 0);
});

test('on-failure: down without a failure is left down, said once; a failed last start is retried', () => {
	const idle = step(watchOf('on-failure'), {kind: 'down'}, at(0));
	// Its socket is seen to again at the probe's pace: has someone started it?
	assert.deepEqual([idle.action, idle.watch.phase, idle.events], [{kind: 'none'}, {kind: 'idle', checkAtMs: 2000}, [{kind: 'idle', at: date(0), name: 'db'}]]);
	assert.deepEqual(step(idle.watch, {kind: 'down'}, at(2000)).events, [], 'said once');
	const failed = step(idle.watch, {kind: 'failed', failure: refused}, at(4000));
	assert.deepEqual(failed.action, {kind: 'start', stopFirst: false});
	assert.deepEqual(failed.watch.lastFailure, {kind: 'ssh-failed', failure: refused});
	assert.deepEqual(failed.watch.phase, {kind: 'starting', attempt: 1, after: {kind: 'ssh-failed', failure: refused}});
});

test('on-failure: once seen up, a loss is a failure and it is restarted at once', () => {
	const adopted = step(watchOf('on-failure'), {kind: 'up', pid: 40}, at(0));
	assert.deepEqual(adopted.events, [{kind: 'adopted', at: date(0), name: 'db', pid: 40}]);
	assert.deepEqual(step(adopted.watch, {kind: 'up', pid: 40}, at(2000)).events, [], 'the same pid: nothing new');
	const lost = step(adopted.watch, {kind: 'down'}, at(60_000));
	assert.deepEqual(lost.events, [{kind: 'lost', at: date(60_000), name: 'db', failure: {kind: 'process-gone', pid: 40}}]);
	assert.deepEqual(lost.action, {kind: 'start', stopFirst: false});
	const restarted = afterStart(lost.watch, {kind: 'up', pid: 41, alreadyUp: false}, at(60_400));
	assert.deepEqual(restarted.events, [{kind: 'restarted', at: date(60_400), name: 'db', pid: 41, attempt: 1, after: {kind: 'process-gone', pid: 40}}]);
	assert.equal(restarted.watch.restarts, 1);
});

test('a server that stops answering, or a stale tunnel, is stopped before the new start', () => {
	const watching = up(40, 0, watchOf('always'));
	const silent = step(watching, {kind: 'unresponsive', pid: 40, silentMs: 2000}, at(30_000));
	assert.deepEqual(silent.action, {kind: 'start', stopFirst: true});
	assert.deepEqual(silent.events[0], {kind: 'lost', at: date(30_000), name: 'db', failure: {kind: 'unresponsive', pid: 40, silentMs: 2000}});
	const stale = step(watching, {kind: 'stale', reason: 'no-listener'}, at(30_000));
	assert.deepEqual(stale.action, {kind: 'start', stopFirst: true});
	// Stale when first seen: a failure too, for either policy.
	assert.deepEqual(step(watchOf('on-failure'), {kind: 'stale', reason: 'duplicate'}, at(0)).action, {kind: 'start', stopFirst: true});
});

test('one early loss restarts at once; from the second in a row the waits grow (2 s, 4 s …); a stable tunnel starts over', () => {
	// Up at 0, lost at 3 s: early, but one loss is repaired at once (as autossh does), the leftover stopped first.
	const lost = step(up(40, 0, watchOf('always')), {kind: 'stale', reason: 'no-listener'}, at(3000));
	assert.deepEqual(lost.action, {kind: 'start', stopFirst: true});
	assert.equal(lost.watch.failures, 1, 'the early loss counts');
	const back = afterStart(lost.watch, {kind: 'up', pid: 41, alreadyUp: false}, at(3300));
	// Lost again 2 s after that restart: it flaps, so the next start waits, as the second failure in a row: 2 s.
	const flapped = step(back.watch, {kind: 'stale', reason: 'no-listener'}, at(5300));
	assert.deepEqual(flapped.action, {kind: 'stop'});
	assert.deepEqual(flapped.watch.phase, {kind: 'reconnecting', attempt: 3, retryAtMs: 7300, after: {kind: 'stale', reason: 'no-listener'}});
	assert.deepEqual(step(flapped.watch, {kind: 'down'}, at(7299)).action, {kind: 'none'}, 'not before its time');
	const retry = step(flapped.watch, {kind: 'down'}, at(7300));
	assert.deepEqual(retry.action, {kind: 'start', stopFirst: false});
	const failed = afterStart(retry.watch, {kind: 'failed', failure: {kind: 'ssh-failed', failure: refused}}, at(7600));
	assert.deepEqual(failed.events, [{kind: 'start-failed', at: date(7600), name: 'db', attempt: 3, failure: {kind: 'ssh-failed', failure: refused}, nextAt: date(11_600)}]);
	assert.deepEqual(failed.watch.phase, {kind: 'reconnecting', attempt: 4, retryAtMs: 11_600, after: {kind: 'stale', reason: 'no-listener'}});
	const again = afterStart(step(failed.watch, {kind: 'down'}, at(11_600)).watch, {kind: 'up', pid: 42, alreadyUp: false}, at(11_900));
	assert.deepEqual(again.events, [{kind: 'restarted', at: date(11_900), name: 'db', pid: 42, attempt: 4, after: {kind: 'stale', reason: 'no-listener'}}]);
	assert.equal(again.watch.failures, 3, 'not yet stable');
	assert.equal(step(again.watch, {kind: 'up', pid: 42}, at(21_899)).watch.failures, 3);
	const stable = step(again.watch, {kind: 'up', pid: 42}, at(21_900)).watch;
	assert.equal(stable.failures, 0, 'up for 10 s: its next loss restarts at once');
	assert.deepEqual(step(stable, {kind: 'down'}, at(50_000)).action, {kind: 'start', stopFirst: false});
});

test('a person\'s stop wins over every policy, said once; their `up` is adopted', () => {
	const stop = {at: '2026-11-24T22:41:00.000Z', by: 'down'} as const;
	const stopped = step(up(40, 0, watchOf('always')), {kind: 'stopped', stop}, at(60_000));
	// Seen to again at the probe's pace: is the stop still there?
	assert.deepEqual([stopped.action, stopped.watch.phase, stopped.events], [{kind: 'none'}, {kind: 'stopped', stop, checkAtMs: 62_000}, [{kind: 'stopped', at: date(60_000), name: 'db', stop}]]);
	assert.deepEqual(step(stopped.watch, {kind: 'stopped', stop}, at(62_000)).events, []);
	assert.deepEqual(step(stopped.watch, {kind: 'up', pid: 50}, at(64_000)).events, [{kind: 'adopted', at: date(64_000), name: 'db', pid: 50}]);
	// A start that ended after a person's stop.
	const racing = step(watchOf('always'), {kind: 'down'}, at(0)).watch;
	assert.deepEqual(afterStart(racing, {kind: 'stopped', stop}, at(300)).events, [{kind: 'stopped', at: date(300), name: 'db', stop}]);
});

test('kept by another watcher: said once per holder; taken over when that one ends', () => {
	const elsewhere = step(watchOf('always'), {kind: 'elsewhere', pid: 77}, at(0));
	assert.deepEqual(elsewhere.events, [{kind: 'elsewhere', at: date(0), name: 'db', pid: 77}]);
	assert.deepEqual(step(elsewhere.watch, {kind: 'elsewhere', pid: 77}, at(2000)).events, []);
	assert.deepEqual(step(elsewhere.watch, {kind: 'up', pid: 40}, at(4000)).events, [{kind: 'adopted', at: date(4000), name: 'db', pid: 40}]);
	assert.deepEqual(step(elsewhere.watch, {kind: 'starting'}, at(4000)), {watch: elsewhere.watch, action: {kind: 'none'}, events: []});
});
