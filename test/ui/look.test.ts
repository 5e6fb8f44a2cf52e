import assert from 'node:assert/strict';
import {test} from 'node:test';
import {colours, columnLayout, fit, noColours, paletteFor, rowCells, stateLook} from '../../src/ui/look.js';
import {dynamic, socketForward} from '../support/builders.js';
import {at, view, views} from './views.js';

test('columns: each at its natural width when it fits; then up, pid go, via is cut then dropped, the name cut, the state a glyph; the forward last', () => {
	const natural = {name: 14, forward: 33, via: 13};
	const cases: Array<[number, Record<string, number>]> = [
		[120, {state: 15, name: 16, forward: 35, via: 15, pid: 8, up: 5}],
		[94, {state: 15, name: 16, forward: 35, via: 15, pid: 8, up: 5}],
		[93, {state: 15, name: 16, forward: 35, via: 15, pid: 8}],
		[78, {state: 15, name: 16, forward: 35, via: 12}],
		[77, {state: 15, name: 16, forward: 35}],
		[66, {state: 15, name: 16, forward: 35}],
		[60, {state: 15, name: 10, forward: 35}],
		[47, {state: 2, name: 10, forward: 35}],
		[30, {state: 2, name: 10, forward: 18}],
	];
	for (const [width, expected] of cases) {
		assert.deepEqual(columnLayout(width, natural), expected, `width ${width}`);
	}
});

test('fit pads short text and cuts long text with an ellipsis, by characters', () => {
	assert.equal(fit('up', 5), 'up   ');
	assert.equal(fit('L 127.0.0.1:9906 → 10.1.0.2:3306', 12), 'L 127.0.0.1…');
	assert.equal(fit('→→→', 3), '→→→');
});

test('state glyphs and words; an action in flight shows a spinner instead', () => {
	assert.deepEqual(stateLook(views.up.status, undefined, 0), {glyph: '●', word: 'up', tone: 'good'});
	assert.deepEqual(stateLook(views.failed.status, undefined, 0), {glyph: '✗', word: 'failed', tone: 'bad'});
	assert.deepEqual(stateLook(views.stale.status, undefined, 0), {glyph: '!', word: 'stale', tone: 'warn'});
	assert.deepEqual(stateLook({kind: 'stale', reason: 'master-unresponsive', pids: [1], forwards: []}, undefined, 0), {glyph: '?', word: 'stale', tone: 'warn'});
	assert.deepEqual(stateLook(views.down.status, 'starting', 1), {glyph: '⠙', word: 'starting', tone: 'busy'});
});

test('row cells: the forward as asked, the exposure mark, PIDs', () => {
	assert.deepEqual(rowCells(views.up, at), {name: 'mysql-b', forward: 'L 127.0.0.1:9906 → 10.1.0.2:3306', via: 'root@10.1.0.2', pid: '4893', up: '2m'});
	assert.equal(rowCells(views.exposed, at).forward, 'L *:9906 → 10.1.0.2:3306 ⚠');
	assert.equal(rowCells(views.failed, at).forward, 'R server:9906 → 10.1.0.2:3306');
	assert.equal(rowCells(views.stale, at).pid, '777');
	// Every kind has its letter; a SOCKS proxy beyond loopback is marked like any open port.
	assert.equal(rowCells(view({kind: 'down'}, {local: [], dynamic: [dynamic()]}), at).forward, 'D 127.0.0.1:1080 (SOCKS)');
	assert.equal(rowCells(view({kind: 'down'}, {local: [], dynamic: [dynamic(1080, '0.0.0.0')]}), at).forward, 'D 0.0.0.0:1080 (SOCKS) ⚠');
	assert.equal(rowCells(view({kind: 'down'}, {local: [socketForward('/tmp/docker.sock', '/var/run/docker.sock')], dynamic: [dynamic()]}), at).forward, 'L /tmp/docker.sock → /var/run/docker.sock (+1)');
	assert.equal(rowCells(view({kind: 'down'}, {local: [], remote: [{listen: {kind: 'tcp', bind: undefined, port: 1080}, target: {kind: 'socks'}}]}), at).forward, 'R server:1080 (SOCKS)');
});

test('NO_COLOR, when set and not empty, turns every colour off', () => {
	assert.equal(paletteFor({NO_COLOR: '1'}), noColours);
	assert.equal(paletteFor({NO_COLOR: ''}), colours);
	assert.equal(paletteFor({}), colours);
});

test('a tunnel the watcher is bringing back reads reconnecting; once up, up', () => {
	const reconnecting = {kind: 'reconnecting' as const, attempt: 3, nextAt: at, name: 'pg-a', policy: 'always' as const, restarts: 2, lastFailure: undefined};
	assert.deepEqual(stateLook(views.down.status, undefined, 0, reconnecting), {glyph: '↻', word: 'reconnecting', tone: 'warn'});
	assert.deepEqual(stateLook(views.up.status, undefined, 0, reconnecting), {glyph: '●', word: 'up', tone: 'good'});
	assert.deepEqual(stateLook(views.down.status, 'starting', 0, reconnecting).word, 'starting', 'a person\'s action in flight shows first');
});
