// Giving up: a failure that retrying will not heal stops the starts, is said once and recorded, and
// the tunnel is left to a person until their `up` brings it back.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {SshFailure} from '../../src/ssh/failure.js';
import type {WatchEvent} from '../../src/watch/events.js';
import {runWatcher} from '../../src/watch/loop.js';
import {healsByRetry} from '../../src/watch/policy.js';
import {brief, fakeClock, fakeEffects, refused, T, target, watchUntil} from '../support/fake-watch.js';

const failure = (kind: SshFailure['kind']): SshFailure => ({kind, line: `ssh said ${kind}`} as SshFailure);

test('which failures heal by retrying', () => {
	const table: Array<[SshFailure['kind'], boolean]> = [
		['auth-failed', false], ['host-key-changed', false], ['host-key-unknown', false], ['forwarding-prohibited', false],
		['connection-refused', true], ['connect-timeout', true], ['unreachable', true], ['name-not-resolved', true], ['port-in-use', true], ['remote-forward-refused', true],
	];
	for (const [kind, heals] of table) {
		assert.equal(healsByRetry({kind: 'ssh-failed', failure: failure(kind)}), heals, kind);
	}

	assert.equal(healsByRetry({kind: 'process-gone', pid: 1}), true);
});

test('an auth failure: one start, a gave-up event and record, no retry for ten minutes; a person\'s up is adopted', T, async () => {
	const {clock, time} = fakeClock();
	let personUp = false;
	const {effects, calls} = fakeEffects(time, {
		look: () => (personUp ? {kind: 'up', pid: 77} : {kind: 'down'}),
		start: () => ({kind: 'failed', failure: {kind: 'ssh-failed', failure: failure('auth-failed')}}),
	});
	const events: WatchEvent[] = [];
	const watcher = runWatcher(effects, [{target: target('db'), policy: 'always'}], {clock}, event => {
		events.push(event);
	});
	await watchUntil(watcher, events, seen => {
		if (seen.some(event => event.kind === 'gave-up') && time.monotonic > 600_000) {
			personUp = true;
		}

		return seen.some(event => event.kind === 'adopted');
	});
	await watcher.done;
	assert.deepEqual(brief(events), ['db watching', 'db gave-up', 'db adopted']);
	assert.equal(calls.filter(({call}) => call === 'start').length, 1, 'started once, never again');
	assert.equal(calls.filter(({call}) => call === 'give-up').length, 1, 'recorded once');
});

test('a refused connection is still retried', T, async () => {
	const {clock, time} = fakeClock();
	const {effects, calls} = fakeEffects(time, {look: () => ({kind: 'down'}), start: () => ({kind: 'failed', failure: refused})});
	const events: WatchEvent[] = [];
	const watcher = runWatcher(effects, [{target: target('db'), policy: 'always'}], {clock}, event => events.push(event));
	await watchUntil(watcher, events, seen => seen.filter(event => event.kind === 'start-failed').length >= 3);
	await watcher.done;
	assert.ok(!events.some(event => event.kind === 'gave-up'));
	assert.equal(calls.filter(({call}) => call === 'give-up').length, 0);
});
