import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, test} from 'node:test';
import {listenersFromLsof, parseLsofEnd, parseLsofFields} from '../../src/net/lsof.js';
import {fixturesDirectory} from '../support/paths.js';

const fixture = (name: string) => readFileSync(path.join(fixturesDirectory, 'observe', name), 'utf8');

describe('lsof -F pftinT', () => {
	test('Linux, captured: an ssh master\'s -L v4, -L v6, -L socket, -D and control socket; its server\'s listener', () => {
		const listeners = listenersFromLsof(parseLsofFields(fixture('linux-lsof-listen.txt')));
		assert.deepEqual(listeners.map(listener => (listener.kind === 'tcp' ? `${listener.pids.join(',')} tcp${listener.family} ${listener.address} ${listener.port}` : `${listener.pids.join(',')} unix ${listener.path}`)), [
			'10825 tcp4 127.0.0.1 37127',
			'10994 tcp4 127.0.0.1 47001',
			'10994 tcp4 127.0.0.1 47003',
			'10994 tcp6 ::1 47002',
			'10994 tcp6 ::1 47003',
			'10994 unix /tmp/obs-rt/fwd.sock',
			// ssh binds its control socket under a temporary name, then renames it
			'10994 unix /tmp/obs-rt/cap.sock.BxIQ2qyrDqK6a7E2',
		]);
		// the sshd's connected Unix socket (no path, CONNECTED) is not a listener
	});

	test('macOS, from lsof(8): wildcards in each family, Unix sockets without state, a connected one left out', () => {
		const listeners = listenersFromLsof(parseLsofFields(fixture('macos-lsof-listen.txt')));
		assert.deepEqual(listeners.map(listener => (listener.kind === 'tcp' ? `${listener.pids.join(',')} tcp${listener.family} ${listener.address} ${listener.port}` : `${listener.pids.join(',')} unix ${listener.path}`)), [
			'812 tcp4 127.0.0.1 15432',
			'1310 tcp4 0.0.0.0 8080',
			'812 tcp6 ::1 15432',
			'1310 tcp6 :: 8080',
			'812 unix /Users/ann/.tunnels/run/db.sock',
		]);
	});

	test('one socket held by two processes is one listener with both', () => {
		const text = 'p20\nf3\ntIPv4\ni77\nn127.0.0.1:9000\nTST=LISTEN\np10\nf3\ntIPv4\ni77\nn127.0.0.1:9000\nTST=LISTEN\n';
		assert.deepEqual(listenersFromLsof(parseLsofFields(text)), [{kind: 'tcp', address: '127.0.0.1', port: 9000, family: 4, inode: 77, pids: [10, 20]}]);
	});

	test('established connections are not listeners; the far end of one is read', () => {
		const files = parseLsofFields(fixture('linux-lsof-established.txt'));
		assert.deepEqual(listenersFromLsof(files), []);
		assert.deepEqual(parseLsofEnd(files[0]!.name.split('->')[1]!, 'IPv4'), {address: '127.0.0.1', port: 37_127});
	});

	test('addresses in the one spelling of the /proc backend', () => {
		assert.deepEqual(parseLsofEnd('[0:0:0:0:0:0:0:1]:22', 'IPv6'), {address: '::1', port: 22});
		assert.deepEqual(parseLsofEnd('[::ffff:127.0.0.1]:22', 'IPv6'), {address: '::ffff:127.0.0.1', port: 22});
		assert.deepEqual(parseLsofEnd('*:22', 'IPv4'), {address: '0.0.0.0', port: 22});
		assert.equal(parseLsofEnd('localhost:22', 'IPv4'), undefined);
		assert.equal(parseLsofEnd('127.0.0.1:99999', 'IPv4'), undefined);
	});

	test('what it cannot read is an error naming the line', () => {
		assert.throws(() => parseLsofFields('pxyz\n'), /unexpected line from lsof: "pxyz"/);
		assert.throws(() => parseLsofFields('f3\n'), /a file before its process/);
		assert.throws(() => parseLsofFields('p1\nf3\nZzz\n'), /unexpected line from lsof: "Zzz"/);
		assert.throws(() => listenersFromLsof(parseLsofFields('p1\nf3\ntIPv4\nnlocalhost:22\nTST=LISTEN\n')), /unexpected address from lsof: "localhost:22"/);
	});
});
