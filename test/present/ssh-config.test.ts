import assert from 'node:assert/strict';
import {test} from 'node:test';
import {describeSkippedHost} from '../../src/present/ssh-config.js';

const host = {name: 'sock', file: '/h/.ssh/config', line: 5};

test('a Host the ssh config gives forwards that tunnels cannot list is named with its place and why', () => {
	assert.equal(describeSkippedHost({host, why: {kind: 'unsupported-forwards', forwards: ['LocalForward /tmp/s [127.0.0.2]:7', 'DynamicForward 1080']}}),
		'/h/.ssh/config:5: Host sock is not listed: LocalForward /tmp/s [127.0.0.2]:7, DynamicForward 1080: tunnels cannot check this kind of forward');
	assert.equal(describeSkippedHost({host, why: {kind: 'ssh-failed', exitCode: 255, firstLine: '/h/.ssh/config line 9: Bad configuration option: bogus'}}),
		'/h/.ssh/config:5: Host sock is not listed: ssh -G failed: /h/.ssh/config line 9: Bad configuration option: bogus');
	assert.equal(describeSkippedHost({host, why: {kind: 'ssh-failed', exitCode: 255, firstLine: ''}}),
		'/h/.ssh/config:5: Host sock is not listed: ssh -G failed: exit status 255');
});
