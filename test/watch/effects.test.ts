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
