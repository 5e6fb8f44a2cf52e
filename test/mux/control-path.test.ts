import assert from 'node:assert/strict';
import {test} from 'node:test';
import {controlPathFor, controlPathLimit, maxSocketPathBytes} from '../../src/mux/control-path.js';
import {askpassSocketPath} from '../../src/store/runtime.js';

const bytes = (text: string) => Buffer.byteLength(text);

test('the limit counts bytes: a directory of non-ASCII characters gets the short hashed name, or too-long', () => {
	// 30 characters but 62 bytes: `隧` is 3 bytes in UTF-8.
	const directory = `/tmp/t-abcdef/${'隧'.repeat(16)}`;
	const name = 'a'.repeat(48);
	assert.ok(`${directory}/${name}`.length <= controlPathLimit, 'short in characters');
	const found = controlPathFor(directory, name);
	assert.equal(found.kind, 'ok');
	assert.match(found.path, /\/h-[\da-f]{12}$/, 'the hashed fallback');
	assert.ok(bytes(found.path) <= controlPathLimit);

	const longer = controlPathFor(`/tmp/${'é'.repeat(40)}`, 'db');
	assert.equal(longer.kind, 'too-long', '85 bytes of directory: no name fits');
	assert.deepEqual(controlPathFor('/run/user/1000/tunnels/0a1b2c3d', 'db'), {kind: 'ok', path: '/run/user/1000/tunnels/0a1b2c3d/db'});
});

test('the UI\'s askpass socket: too long in bytes is said, never cut off', () => {
	assert.deepEqual(askpassSocketPath('/run/user/1000/tunnels/0a1b2c3d', 42), {kind: 'ok', path: '/run/user/1000/tunnels/0a1b2c3d/.state/askpass-42.sock', bytes: 54});
	const long = askpassSocketPath(`/tmp/${'é'.repeat(40)}`, 4_194_304);
	assert.equal(long.kind, 'too-long');
	assert.equal(long.bytes, Buffer.byteLength(long.path));
	assert.ok(long.path.length <= maxSocketPathBytes, 'short in characters, too long in bytes');
});
