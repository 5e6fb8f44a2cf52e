// Following the profile file: the pure decision (table), then the loop carrying it out over fake effects.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {RestartPolicy} from '../../src/profile/types.js';
import type {WatchEvent} from '../../src/watch/events.js';
import {runWatcher} from '../../src/watch/loop.js';
import {decideReload} from '../../src/watch/reload.js';
import type {ProfileReading, WatchTarget} from '../../src/watch/watcher.js';
import {tunnel} from '../support/builders.js';
import {brief, fakeClock, fakeEffects, T} from '../support/fake-watch.js';

const kept = (name: string, policy: Exclude<RestartPolicy, 'never'> = 'always', port = 9000): WatchTarget => ({
	target: {tunnel: tunnel({name, local: [{listen: {kind: 'tcp', bind: undefined, port}, target: {kind: 'tcp', host: 'db', port: 5432}}]}), controlPath: `/run/t/${name}`, ssh: {sshBinary: 'ssh', sshConfigFile: undefined}},
	policy,
});
const valid = (list: readonly WatchTarget[], others: readonly string[] = []): ProfileReading => ({kind: 'valid', kept: list, names: new Set([...list.map(({target}) => target.tunnel.name), ...others])});
const names = (list: readonly WatchTarget[]) => list.map(({target}) => target.tunnel.name);

const table: Array<[string, readonly WatchTarget[], ProfileReading, string]> = [
	['nothing changed', [kept('a')], valid([kept('a')]), 'unchanged'],
	['a comment or a description: same command line', [kept('a')], valid([{...kept('a'), target: {...kept('a').target, tunnel: {...kept('a').target.tunnel, description: 'new words'}}}]), 'updated a'],
	['a tunnel appended', [kept('a')], valid([kept('a'), kept('b')]), 'added b'],
	['a tunnel deleted from the file', [kept('a'), kept('b')], valid([kept('a')]), 'removed b'],
	['a tunnel now `restart: never`', [kept('a'), kept('b')], valid([kept('a')], ['b']), 'released b'],
	['a port changed: another command line', [kept('a')], valid([kept('a', 'always', 9001)]), 'changed a'],
	['only the policy changed', [kept('a')], valid([kept('a', 'on-failure')]), 'updated a'],
	['all at once', [kept('a'), kept('b'), kept('c')], valid([kept('a', 'always', 9001), kept('d')], ['c']), 'added d · removed b · released c · changed a'],
];

for (const [what, current, reading, expected] of table) {
	test(`reload: ${what}`, () => {
		const decision = decideReload(current, reading);
		if (decision.kind !== 'reload') {
			assert.equal(decision.kind, expected);
			return;
		}

		const said = ([['added', names(decision.added)], ['removed', decision.removed], ['released', decision.released], ['changed', names(decision.changed)], ['updated', names(decision.updated)]] as const)
			.filter(([, list]) => list.length > 0).map(([kind, list]) => `${kind} ${list.join(', ')}`).join(' · ');
		assert.equal(said, expected);
	});
}

test('reload: a broken edit is reported, with nothing to add or take away', () => {
	assert.deepEqual(decideReload([kept('a')], {kind: 'invalid', file: '/p.yaml', message: '1 error in /p.yaml; nothing was run', detail: '/p.yaml:3: …'}),
		{kind: 'broken', file: '/p.yaml', message: '1 error in /p.yaml; nothing was run', detail: '/p.yaml:3: …'});
});

test('the loop: an added tunnel is started, a removed one it started is stopped, one it adopted is left running, a changed one restarted', T, async () => {
	const {clock, time} = fakeClock();
	const {effects, calls} = fakeEffects(time, {
		// `adopted` was up before the watcher; the others come up when started.
		look: name => (name === 'adopted' || calls.some(call => call.call === 'start' && call.name === name) ? {kind: 'up', pid: name === 'adopted' ? 30 : 41} : {kind: 'down'}),
		start: () => ({kind: 'up', pid: 41, alreadyUp: false}),
	});
	const events: WatchEvent[] = [];
	const first = [kept('mine'), kept('adopted'), kept('edited')];
	const watcher = runWatcher(effects, first, {clock}, event => events.push(event));
	const until = async (done: () => boolean) => {
		for (let round = 0; round < 500 && !done(); round++) {
			await new Promise(resolve => {
				setTimeout(resolve, 2);
			});
		}

		assert.ok(done(), brief(events).join('\n'));
	};

	await until(() => events.filter(event => event.kind === 'started').length === 2 && events.some(event => event.kind === 'adopted'));
	const next = [kept('edited', 'always', 9001), kept('new')];
	await watcher.update(decideReload(first, valid(next)));
	await until(() => events.some(event => event.kind === 'started' && event.name === 'new') && calls.filter(call => call.call === 'start' && call.name === 'edited').length === 2);
	await watcher.update({kind: 'broken', file: '/p.yaml', message: 'bad', detail: undefined});
	await watcher.stop();
	await watcher.done;

	const stops = calls.filter(call => call.call === 'stop').map(call => call.name);
	assert.deepEqual(stops.sort(), ['edited', 'mine'], 'the one it started and the changed one; never the adopted one');
	const unwatched = events.filter(event => event.kind === 'unwatched');
	assert.deepEqual(unwatched.map(event => event.kind === 'unwatched' && [event.name, event.why, event.stopped]).sort(), [['adopted', 'removed', []], ['mine', 'removed', [40]]]);
	assert.ok(events.some(event => event.kind === 'reloaded' && event.added.join() === 'new' && event.changed.join() === 'edited' && event.removed.join() === 'mine,adopted'), brief(events).join('\n'));
	assert.ok(events.some(event => event.kind === 'profile-refused'));
	assert.ok(calls.some(call => call.call === 'release' && call.name === 'mine') && calls.some(call => call.call === 'release' && call.name === 'adopted'), 'their watch locks are let go');
});
