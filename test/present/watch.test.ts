import assert from 'node:assert/strict';
import {test} from 'node:test';
import {describeWatchEvent} from '../../src/present/watch.js';
import type {WatchEvent} from '../../src/watch/events.js';

const at = new Date('2026-11-24T22:40:01.456Z');
const later = (ms: number) => new Date(at.getTime() + ms);

test('one line per event: time, tunnel, what happened, why', () => {
	const cases: Array<[WatchEvent, string]> = [
		[{kind: 'watching', at, name: 'mysql-b', policy: 'on-failure'}, '2026-11-24T22:40:01Z mysql-b watching · restart on-failure'],
		[{kind: 'adopted', at, name: 'mysql-b', pid: 123}, '2026-11-24T22:40:01Z mysql-b up · pid 123 · adopted'],
		[{kind: 'started', at, name: 'mysql-b', pid: 123, attempt: 1}, '2026-11-24T22:40:01Z mysql-b started · pid 123 · attempt 1'],
		[
			{kind: 'restarted', at, name: 'mysql-b', pid: 123, attempt: 2, after: {kind: 'process-gone', pid: 99}},
			'2026-11-24T22:40:01Z mysql-b restarted · pid 123 · after: process gone (pid 99) · attempt 2',
		],
		[
			{kind: 'lost', at, name: 'mysql-b', failure: {kind: 'unresponsive', pid: 99, silentMs: 2000}},
			'2026-11-24T22:40:01Z mysql-b lost · server not answering (pid 99, silent for 2.0 s)',
		],
		[{kind: 'lost', at, name: 'mysql-b', failure: {kind: 'stale', reason: 'no-listener'}}, '2026-11-24T22:40:01Z mysql-b lost · stale: runs but does not hold its listeners'],
		[
			{kind: 'start-failed', at, name: 'from-nat', attempt: 3, nextAt: later(8000), failure: {kind: 'ssh-failed', failure: {kind: 'remote-forward-refused', port: 9906, line: 'Error: remote port forwarding failed for listen port 9906'}}},
			'2026-11-24T22:40:01Z from-nat start failed · attempt 3 · the server refused to listen on port 9906 (taken there, or remote forwarding is not allowed) · next in 8.0 s',
		],
		[
			{kind: 'start-failed', at, name: 'mysql-b', attempt: 2, nextAt: later(30_000), failure: {kind: 'port-taken', taken: [{port: 9906, address: '127.0.0.1', holder: {kind: 'process', pid: 77, command: 'nc'}}]}},
			'2026-11-24T22:40:01Z mysql-b start failed · attempt 2 · port 9906 on 127.0.0.1 is taken by pid 77 (nc) · next in 30 s',
		],
		[
			{kind: 'start-failed', at, name: 'mysql-b', attempt: 2, nextAt: later(900), failure: {kind: 'unverified', found: {kind: 'stale', reason: 'no-listener'}}},
			'2026-11-24T22:40:01Z mysql-b start failed · attempt 2 · ssh started but the tunnel did not come up as asked (runs but does not hold its listeners); it was stopped · next in 0.9 s',
		],
		[{kind: 'start-failed', at, name: 'mysql-b', attempt: 2, nextAt: later(1000), failure: {kind: 'busy', pid: 5}}, '2026-11-24T22:40:01Z mysql-b start failed · attempt 2 · another tunnels process (pid 5) is starting it · next in 1.0 s'],
		[
			{kind: 'stopped', at, name: 'mysql-b', stop: {at: '2026-11-24T22:39:58.002Z', by: 'down'}},
			'2026-11-24T22:40:01Z mysql-b stopped by a person (tunnels down at 2026-11-24T22:39:58Z) · left down until tunnels up',
		],
		[{kind: 'idle', at, name: 'mysql-b'}, '2026-11-24T22:40:01Z mysql-b down · restart on-failure: left down until it is started'],
		[{kind: 'elsewhere', at, name: 'mysql-b', pid: 77}, '2026-11-24T22:40:01Z mysql-b kept by another watcher (pid 77) · taken over if it ends'],
		[{kind: 'woke', at, sleptMs: 3_598_000}, '2026-11-24T22:40:01Z woke after 3598 s asleep · waiting for the network'],
		[{kind: 'network', at, ready: true, waitedMs: 1234}, '2026-11-24T22:40:01Z network is back after 1.2 s'],
		[{kind: 'network', at, ready: false, waitedMs: 15_020}, '2026-11-24T22:40:01Z network not back after 15 s · retrying anyway'],
		[{kind: 'taken-down', at, name: 'mysql-b', stopped: [123], failed: []}, '2026-11-24T22:40:01Z mysql-b down · pid 123'],
		[{kind: 'taken-down', at, name: 'mysql-b', stopped: [], failed: [124]}, '2026-11-24T22:40:01Z mysql-b not stopped · pid 124'],
		[{kind: 'taken-down', at, name: 'mysql-b', stopped: [], failed: []}, '2026-11-24T22:40:01Z mysql-b was not running'],
		[{kind: 'reloaded', at, added: ['new'], removed: ['gone'], released: [], changed: ['mysql-b']}, '2026-11-24T22:40:01Z profile file changed · now keeps: new · restarts with a new command line: mysql-b · no longer in the file: gone'],
		[{kind: 'profile-refused', at, file: '/p.yaml', message: '1 error in /p.yaml; nothing was run', detail: '/p.yaml:3: unknown key `hots`'}, '2026-11-24T22:40:01Z profile file not taken: 1 error in /p.yaml; nothing was run · the tunnels kept before are kept as they run\n/p.yaml:3: unknown key `hots`'],
		[{kind: 'unwatched', at, name: 'gone', why: 'removed', stopped: [127]}, '2026-11-24T22:40:01Z gone not watched · no longer in the profile file · stopped pid 127 (started by this watcher)'],
		[{kind: 'elsewhere', at, name: 'db', pid: 12, keeper: 'service'}, '2026-11-24T22:40:01Z db kept by the service (pid 12) · taken over if it ends'],
		[{kind: 'unwatched', at, name: 'never', why: 'not-kept', stopped: []}, '2026-11-24T22:40:01Z never not watched · no longer asks to be kept up (restart: never) · left as it runs'],
	];
	for (const [event, line] of cases) {
		assert.equal(describeWatchEvent(event), line);
	}
});
