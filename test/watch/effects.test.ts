import assert from 'node:assert/strict';
import {test} from 'node:test';
import {watchEffects} from '../../src/watch/effects.js';
import {forward} from '../support/builders.js';
import {fakeDeps, fakeTarget, runningTunnel} from '../support/fake-deps.js';

// A watcher sees and starts tunnels through observe and up: a bind written as a name must read as
// up once bound where the name resolves, or the watcher would restart a healthy tunnel forever.
test('a watcher sees a tunnel bound by name as up, and its own start of one as started', async () => {
	const named = fakeTarget({name: 'named', local: [forward({bind: 'vm', port: 7001, host: 'db', hostPort: 5432})]});
	const {deps, world} = fakeDeps({nextPid: 4100});
	world.binds.set('vm', {kind: 'addresses', local: ['127.0.1.1'], elsewhere: []});
	const effects = watchEffects(deps, {targets: [named]});
	assert.deepEqual(await effects.look([named]), [{kind: 'down'}]);
	assert.deepEqual(await effects.start(named), {kind: 'up', pid: 4100, alreadyUp: false});
	assert.deepEqual(await effects.look([named]), [{kind: 'up', pid: 4100}]);

	const running = fakeDeps();
	running.world.binds.set('vm', {kind: 'addresses', local: ['127.0.1.1'], elsewhere: []});
	runningTunnel(running.world, named, 4200);
	assert.deepEqual(await watchEffects(running.deps, {targets: [named]}).look([named]), [{kind: 'up', pid: 4200}]);
});

// The restore after a loss is a race with autossh (bench/watch.ts): the start right after a round's
// look starts from that look's processes instead of reading them all again (issue 15); a later one reads afresh.
test('a start right after a look reuses its snapshot; a start long after it looks again', async () => {
	const target = fakeTarget({name: 'db', local: [forward({port: 7001, host: 'db', hostPort: 5432})]});
	const {deps, world} = fakeDeps({nextPid: 4100});
	let lists = 0;
	const counted = {...deps, listSshProcesses: async () => {
		lists++;
		return deps.listSshProcesses();
	}};
	const effects = watchEffects(counted, {targets: [target]});
	assert.deepEqual(await effects.look([target]), [{kind: 'down'}]);
	assert.deepEqual(await effects.start(target), {kind: 'up', pid: 4100, alreadyUp: false});
	assert.equal(lists, 1, 'the start read the process list again');

	await effects.stop(target);
	lists = 0;
	assert.deepEqual(await effects.look([target]), [{kind: 'down'}]);
	world.clockMs += 60_000;
	assert.deepEqual(await effects.start(target), {kind: 'up', pid: 4101, alreadyUp: false});
	assert.equal(lists, 2, 'a start a minute after the look must not trust it');
});
