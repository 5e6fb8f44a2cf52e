import assert from 'node:assert/strict';
import {test} from 'node:test';
import path from 'node:path';
import {controlPathFor, controlPathLimit, maxSocketPathBytes, socketDirectoryPath} from '../../src/mux/control-path.js';
import {socketPathLimitFor} from '../../src/profile/socket-path.js';
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

test('socketDirectoryPath: one directory per profile file, under TUNNELS_RUNTIME_DIR too (issue 13, item 4)', () => {
	const of = (env: Readonly<Record<string, string | undefined>>, profilePath: string) => socketDirectoryPath({env, uid: 1000, tmpdir: '/tmp', profilePath});
	for (const env of [{TUNNELS_RUNTIME_DIR: '/run/t'}, {XDG_RUNTIME_DIR: '/run/user/1000'}, {}] as Array<Record<string, string>>) {
		const [a, b] = [of(env, '/home/me/a.yaml'), of(env, '/home/me/b.yaml')];
		assert.notEqual(a.directory, b.directory, JSON.stringify(env));
		assert.equal(a.base, b.base);
		assert.equal(path.dirname(a.directory), a.base);
	}

	assert.equal(of({TUNNELS_RUNTIME_DIR: '/run/t'}, '/home/me/a.yaml').base, '/run/t');
});

test('socketDirectoryPath: a temporary directory too long for a socket name (macOS $TMPDIR) gives way to /tmp', () => {
	const of = (tmpdir: string) => socketDirectoryPath({env: {}, uid: 501, tmpdir, profilePath: '/Users/ann/.config/tunnels/tunnels.yaml'});
	const macos = of('/var/folders/zz/zyxvpxvq6csfxvn_n0000000000000/T/');
	assert.equal(macos.base, '/tmp/tunnels-501');
	// every name still gets a control path that fits
	assert.equal(controlPathFor(macos.directory, 'a-tunnel-with-a-rather-long-name-indeed').kind, 'ok');
	assert.equal(of('/tmp').base, '/tmp/tunnels-501');
	assert.equal(of('/var/tmp/short').base, '/var/tmp/short/tunnels-501');
	// the limit itself: the longest temporary directory kept is the one a hashed name just fits under
	const fits = `/${'d'.repeat(controlPathLimit - 1 - 8 - 1 - 14 - '/tunnels-501'.length - 1)}`;
	assert.equal(of(fits).base, `${fits}/tunnels-501`);
	assert.equal(controlPathFor(of(fits).directory, 'x'.repeat(100)).kind, 'ok');
	assert.equal(of(`${fits}d`).base, '/tmp/tunnels-501');
});

test('socketPathLimitFor: sun_path less its NUL, by platform', () => {
	assert.deepEqual(['linux', 'darwin', 'freebsd', 'openbsd'].map(platform => socketPathLimitFor(platform)), [107, 103, 103, 103]);
});
