// The watcher's loop over fake effects and a fake clock: simulated time runs as fast as the loop
// goes, so backoffs of seconds and a night's sleep take milliseconds. Each test waits (bounded, in
// real time) for what it expects, then stops the watcher.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {runWatcher} from '../../src/watch/loop.js';
import type {WatchEvent} from '../../src/watch/events.js';
import type {StartOutcome} from '../../src/watch/policy.js';
import type {TunnelTarget} from '../../src/tunnel/target.js';
import type {WatchEffects} from '../../src/watch/effects.js';
import type {Sighting} from '../../src/watch/sighting.js';
import {until} from '../support/wait.js';
import {brief, fakeClock, fakeEffects, refused, T, target, wall0, watchUntil} from '../support/fake-watch.js';

test('a lost tunnel is restarted at once; failed starts wait 1 s, then 2 s, on the injected clock', T, async () => {
	const {clock, time} = fakeClock();
	let starts = 0;
	const {effects, calls} = fakeEffects(time, {
		look: () => (time.monotonic < 20_000 ? {kind: 'up', pid: 40} : starts < 3 ? {kind: 'down'} : {kind: 'up', pid: 41}),
		start: () => (++starts < 3 ? {kind: 'failed', failure: refused} : {kind: 'up', pid: 41, alreadyUp: false}),
	});
	const events: WatchEvent[] = [];
	const watcher = runWatcher(effects, [{target: target('db'), policy: 'always'}], {clock}, event => events.push(event));
	await watchUntil(watcher, events, seen => seen.some(event => event.kind === 'restarted'));
	await watcher.done;
	assert.deepEqual(brief(events), ['db watching', 'db adopted', 'db lost', 'db start-failed', 'db start-failed', 'db restarted']);
	assert.deepEqual(calls.filter(({call}) => call === 'start').map(({at}) => at), [20_000, 21_000, 23_000]);
	const restarted = events.at(-1);
	assert.deepEqual(restarted, {kind: 'restarted', at: new Date(wall0 + 23_000), name: 'db', pid: 41, attempt: 3, after: {kind: 'process-gone', pid: 40}});
	assert.deepEqual(calls.at(-1), {call: 'release', name: 'db', at: calls.at(-1)!.at}, 'the watch lock is released at the end');
	assert.equal(calls.filter(({call}) => call === 'lock').length, 1, 'the lock is taken once and held');
});

test('after a wake the network is awaited once, and a retry far off happens at once', T, async () => {
	const {clock, time} = fakeClock();
	let slept = false;
	let restarted = false;
	const {effects, calls} = fakeEffects(time, {
		look: () => (slept ? (restarted ? {kind: 'up', pid: 50} : {kind: 'down'}) : {kind: 'failed', failure: refused.failure}),
		start() {
			restarted = slept;
			return slept ? {kind: 'up', pid: 50, alreadyUp: false} : {kind: 'failed', failure: refused};
		},
	});
	const events: WatchEvent[] = [];
	const watcher = runWatcher(effects, [{target: target('db'), policy: 'always'}], {clock}, event => {
		events.push(event);
		// Five failures in a row: the next retry is 16 s away. Then the lid closes for an hour.
		if (event.kind === 'start-failed' && event.attempt === 5) {
			time.wallAhead += 3_600_000;
			slept = true;
		}
	});
	await watchUntil(watcher, events, seen => seen.some(event => event.kind === 'restarted'));
	await watcher.done;
	const woke = events.find(event => event.kind === 'woke');
	assert.ok(woke?.kind === 'woke' && woke.sleptMs >= 3_600_000 && woke.sleptMs < 3_601_000, JSON.stringify(woke));
	assert.deepEqual(brief(events).slice(-3), ['woke', 'network', 'db restarted']);
	const [lastFailedStart, wakeStart] = calls.filter(({call}) => call === 'start').slice(-2).map(({at}) => at);
	assert.ok(wakeStart! - lastFailedStart! < 3000, `restarted ${wakeStart! - lastFailedStart!} ms after the wake, not after the 16 s backoff`);
	assert.equal(calls.filter(({call}) => call === 'network').length, 1);
});

test('stop lets a start under way finish, then --down-on-exit takes the tunnel down and the lock goes', T, async () => {
	const {clock, time} = fakeClock();
	let finishStart: (outcome: StartOutcome) => void = () => undefined;
	const {effects, calls} = fakeEffects(time, {
		look: () => ({kind: 'down'}),
		start: async () => new Promise<StartOutcome>(resolve => {
			finishStart = resolve;
		}),
	});
	const events: WatchEvent[] = [];
	const watcher = runWatcher(effects, [{target: target('db'), policy: 'always'}], {clock}, event => events.push(event));
	await until(async () => (calls.some(({call}) => call === 'start') ? true : undefined));
	let stopped = false;
	const stopping = watcher.stop({down: true}).then(() => {
		stopped = true;
	});
	await new Promise(resolve => {
		setTimeout(resolve, 50);
	});
	assert.equal(stopped, false, 'waits for the start');
	assert.equal(watcher.snapshot()[0]?.kind, 'starting');
	finishStart({kind: 'up', pid: 60, alreadyUp: false});
	await stopping;
	await watcher.done;
	assert.deepEqual(brief(events), ['db watching', 'db started', 'db taken-down']);
	assert.deepEqual(calls.map(({call}) => call), ['lock', 'look', 'start', 'stop', 'release']);
	assert.deepEqual(watcher.snapshot()[0], {kind: 'up', pid: 60, since: new Date(wall0 + time.monotonic), name: 'db', policy: 'always', restarts: 0, lastFailure: undefined});
});

test('a tunnel kept by another watcher is left alone until its lock is free, then adopted', T, async () => {
	const {clock, time} = fakeClock();
	const looked: Array<{readonly name: string; readonly at: number}> = [];
	const {effects} = fakeEffects(time, {
		look(name) {
			looked.push({name, at: time.monotonic});
			return {kind: 'up', pid: name === 'db' ? 40 : 70};
		},
		lockHolder: name => (name === 'db' && time.monotonic < 10_000 ? 77 : undefined),
	});
	const events: WatchEvent[] = [];
	const watcher = runWatcher(effects, [{target: target('db'), policy: 'always'}, {target: target('web'), policy: 'on-failure'}], {clock}, event => events.push(event));
	await watchUntil(watcher, events, seen => seen.some(event => event.kind === 'adopted' && event.name === 'db'));
	await watcher.done;
	assert.deepEqual(brief(events), ['db watching', 'web watching', 'db elsewhere', 'web adopted', 'db adopted']);
	assert.ok(looked.filter(({name}) => name === 'db').every(({at}) => at >= 10_000), 'not looked at while another watcher holds it');
	assert.ok(looked.some(({name, at}) => name === 'web' && at < 10_000));
});

test('an error ends the watcher: done rejects with it, and the locks are released', T, async () => {
	const {clock, time} = fakeClock();
	const {effects, calls} = fakeEffects(time, {look: () => ({kind: 'down'})});
	const failing = {...effects, start: async () => Promise.reject(new Error('EMFILE'))};
	const watcher = runWatcher(failing, [{target: target('db'), policy: 'always'}], {clock}, () => undefined);
	await assert.rejects(watcher.done, /EMFILE/);
	assert.deepEqual(calls.map(({call}) => call), ['lock', 'look', 'release']);
});

test('between looks every 60 s only probes run, every 5 s; a master\'s exit brings a look at once', T, async () => {
	const {clock, time} = fakeClock();
	let exited: number | undefined;
	let hearExit: () => void = () => undefined;
	const {effects, calls} = fakeEffects(time, {
		look: () => (exited === undefined ? {kind: 'up', pid: 40} : {kind: 'down'}),
		onMasterExit(onExit) {
			hearExit = onExit;
		},
	});
	const events: WatchEvent[] = [];
	const watcher = runWatcher(effects, [{target: target('db'), policy: 'on-failure'}], {clock}, event => {
		events.push(event);
	});
	await until(async () => (time.monotonic >= 60_000 ? true : undefined));
	const [looks, probes] = ['look', 'probe'].map(call => calls.filter(entry => entry.call === call && entry.at <= 60_000).map(({at}) => at));
	assert.deepEqual(looks, [0, 60_000]);
	assert.deepEqual(probes, Array.from({length: 11}, (_, index) => (index + 1) * 5000));
	exited = time.monotonic + 1234;
	time.monotonic = exited; // the master dies in the middle of a nap
	hearExit();
	await watchUntil(watcher, events, seen => seen.some(event => event.kind === 'lost'));
	await watcher.done;
	assert.deepEqual(events.find(event => event.kind === 'lost'), {kind: 'lost', at: new Date(wall0 + exited), name: 'db', failure: {kind: 'process-gone', pid: 40}});
});

test('a server silent soon after each of two starts: restarted at once, then the leftover is stopped and the retry comes after its backoff, not at the next full look', T, async () => {
	const {clock, time} = fakeClock();
	let stopped = false;
	const {effects, calls} = fakeEffects(time, {
		// Up from the first start on; its server goes silent at 4 s, within the 10 s a start must last.
		look: () => (calls.some(({call}) => call === 'start') && !stopped ? {kind: 'up', pid: 41} : {kind: 'down'}),
		start: () => {
			stopped = false;
			return {kind: 'up', pid: 41, alreadyUp: false};
		},
	});
	const silent = {...effects, glance: async (tunnels: Parameters<WatchEffects['glance']>[0]) => {
		calls.push({call: 'probe', name: '*', at: time.monotonic});
		const starts = calls.filter(({call}) => call === 'start').length;
		const silent = (time.monotonic >= 4000 && starts === 1) || (time.monotonic >= 8000 && starts === 2);
		return tunnels.map((): Sighting => (silent ? {kind: 'unresponsive', pid: 41, silentMs: 5000} : {kind: 'up', pid: 41}));
	}, stop: async (stopping: TunnelTarget) => {
		stopped = true;
		return effects.stop(stopping);
	}};
	const events: WatchEvent[] = [];
	const watcher = runWatcher(silent, [{target: target('db'), policy: 'always'}], {clock}, event => events.push(event));
	await watchUntil(watcher, events, seen => seen.filter(event => event.kind === 'restarted').length === 2);
	await watcher.done;
	assert.deepEqual(brief(events), ['db watching', 'db started', 'db lost', 'db restarted', 'db lost', 'db restarted']);
	const starts = calls.filter(({call}) => call === 'start').map(({at}) => at);
	const losses = events.flatMap(event => (event.kind === 'lost' ? [event.at.getTime() - wall0] : []));
	// Lost at the 5 s probe, early but the first: restarted at once (the leftover stopped first).
	// Lost again at a probe soon after, early for the second time: a 2 s backoff (random 0.5 gives it exactly).
	assert.deepEqual(losses.slice(0, 1), [5000]);
	assert.deepEqual(starts, [0, 5000, losses[1]! + 2000]);
});

test('a shared tunnel that lost a forward on its live master is started again without a stop first; another stale reason, or an unshared tunnel, is stopped first', T, async () => {
	const {clock, time} = fakeClock();
	const lostAt = 20_000;
	const {effects, calls} = fakeEffects(time, {
		look: name => (time.monotonic < lostAt || calls.some(call => call.call === 'start' && call.name === name) ? {kind: 'up', pid: 40}
			: name === 'other-reason' ? {kind: 'stale', reason: 'master-unresponsive'} : {kind: 'stale', reason: 'no-listener'}),
	});
	const shared = (name: string): TunnelTarget => {
		const plain = target(name);
		return {...plain, tunnel: {...plain.tunnel, share: true}};
	};
	const events: WatchEvent[] = [];
	const watcher = runWatcher(effects, [
		{target: shared('shared'), policy: 'always'},
		{target: shared('other-reason'), policy: 'always'},
		{target: target('own'), policy: 'always'},
	], {clock}, event => events.push(event));
	await watchUntil(watcher, events, seen => seen.filter(event => event.kind === 'restarted').length === 3);
	await watcher.done;
	const stops = calls.filter(({call}) => call === 'stop').map(({name}) => name).sort();
	assert.deepEqual(stops, ['other-reason', 'own']);
});
