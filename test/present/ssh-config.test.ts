import assert from 'node:assert/strict';
import {test} from 'node:test';
import {describeRefusedConfigFile, describeSkippedHost} from '../../src/present/ssh-config.js';

const host = {name: 'sock', file: '/h/.ssh/config', line: 5};

test('a Host the ssh config gives forwards that tunnels cannot list is named with its place and why', () => {
	assert.equal(describeSkippedHost({host, why: {kind: 'unsupported-forwards', forwards: ['LocalForward /tmp/s [127.0.0.2]:7', 'DynamicForward 1080']}}),
		'/h/.ssh/config:5: Host sock is not listed: LocalForward /tmp/s [127.0.0.2]:7, DynamicForward 1080: tunnels cannot check this kind of forward');
	assert.equal(describeSkippedHost({host, why: {kind: 'ssh-failed', exitCode: 255, firstLine: '/h/.ssh/config line 9: Bad configuration option: bogus'}}),
		'/h/.ssh/config:5: Host sock is not listed: ssh -G failed: /h/.ssh/config line 9: Bad configuration option: bogus');
	assert.equal(describeSkippedHost({host, why: {kind: 'ssh-failed', exitCode: 255, firstLine: ''}}),
		'/h/.ssh/config:5: Host sock is not listed: ssh -G failed: exit status 255');
});

test('a file of the ssh config not read: which, and why', () => {
	assert.equal(describeRefusedConfigFile({file: '/h/.ssh/config', why: {kind: 'not-regular', type: 'fifo'}}),
		'/h/.ssh/config: not a regular file (a FIFO): the ssh config\'s tunnels are not listed');
	assert.equal(describeRefusedConfigFile({file: '/dev/zero', why: {kind: 'not-regular', type: 'character-device'}}),
		'/dev/zero: not a regular file (a character device): the ssh config\'s tunnels are not listed');
	assert.equal(describeRefusedConfigFile({file: '/h/big', why: {kind: 'too-large', limitBytes: 1024 * 1024}}),
		'/h/big: larger than 1 MiB: the ssh config\'s tunnels are not listed');
});
