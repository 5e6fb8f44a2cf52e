import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {StrayTunnel} from '../../src/core/observe.js';
import {strayKind} from '../../src/tunnel/origin.js';

const stray = (origin: StrayTunnel['origin'], master: boolean, controlPath: string | undefined): StrayTunnel => ({
	origin,
	process: {pid: 7, ppid: 1, uid: 1000, name: 'ssh', argv: ['ssh'], startTicks: '1', startedAt: undefined, state: 'sleeping', program: 'as-named'},
	view: {forwards: [{flag: 'L', spec: '9910:a:1'}], controlPath, master, controlClient: false, destination: 'x@y'},
	listeners: [],
});

test('a stray: an orphan of this profile, a master of another profile file (its socket directory is 8 hex digits), or outside', () => {
	assert.equal(strayKind(stray('orphan', true, '/run/user/1000/tunnels/0a1b2c3d/db')), 'orphan');
	assert.equal(strayKind(stray('foreign', true, '/run/user/1000/tunnels/9f8e7d6c/db')), 'other-profile');
	assert.equal(strayKind(stray('foreign', true, '/tmp/tunnels-1000/deadbeef/h-0123456789ab')), 'other-profile');
	assert.equal(strayKind(stray('foreign', true, '/home/u/.ssh/cm-%r@%h:%p')), 'outside', 'a hand-made ControlPath');
	assert.equal(strayKind(stray('foreign', false, '/run/user/1000/tunnels/9f8e7d6c/db')), 'outside', 'a client of a master is not a tunnel of its own');
	assert.equal(strayKind(stray('foreign', false, undefined)), 'outside');
});
