import assert from 'node:assert/strict';
import {test} from 'node:test';
import {describeStale, stalePlanWords} from '../../src/present/stale.js';
import type {StaleReason} from '../../src/tunnel/stale.js';

// One table for every kind of stale. A tunnel's state (`ls`, `up`, a watcher, the UI) and prune's plan
// line say three of them differently: of the tunnel as a whole, and of the one process a line acts on.
test('every stale reason in both of its places: after `stale: ` and in prune\'s plan', () => {
	const cases: Array<[StaleReason, string, string]> = [
		['no-listener', 'runs but does not hold its listeners', 'runs without all of its listeners'],
		['socket-refused', 'control socket left behind by a dead master', 'control socket left behind by a dead master'],
		['no-control-socket', 'runs without its control socket', 'runs without its control socket'],
		['master-unresponsive', 'master does not answer', 'master does not answer on its socket'],
		['unverified-master', 'control socket answered by something that is not this tunnel', 'control socket answered by something that is not this tunnel'],
		['duplicate', 'more than one process', 'a second process for the same tunnel'],
		['orphan', 'profile deleted', 'its tunnel is no longer in the profile file'],
		['unresponsive', 'the server does not answer through it', 'the server does not answer through it'],
	];
	for (const [reason, state, plan] of cases) {
		assert.equal(describeStale(reason), state, reason);
		assert.equal(stalePlanWords(reason), plan, reason);
	}
});
