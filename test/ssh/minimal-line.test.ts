// The minimal line is what a person types for the same tunnel: when the profile (or --ssh-config)
// names an ssh config file, the host is defined there, and a line without `-F` reaches another host
// or none (found by hand: `c` in the UI copied `ssh -f -N -L … testhost` that ssh could not resolve).
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {buildSshArgv} from '../../src/ssh/argv.js';
import {forward, tunnel} from '../support/builders.js';

test('the minimal line carries the ssh config file the tool uses, and nothing else of the tool', () => {
	const sample = tunnel({name: 'db', host: 'testhost', user: undefined, local: [forward({bind: '127.0.0.1', port: 5432, host: 'db.internal', hostPort: 5432})]});
	assert.deepEqual(buildSshArgv(sample, {kind: 'minimal', sshConfigFile: '/home/me/ssh config'}), ['ssh', '-F', '/home/me/ssh config', '-f', '-N', '-L', '127.0.0.1:5432:db.internal:5432', 'testhost']);
	assert.deepEqual(buildSshArgv(sample, {kind: 'minimal', sshConfigFile: undefined}), ['ssh', '-f', '-N', '-L', '127.0.0.1:5432:db.internal:5432', 'testhost']);
});
