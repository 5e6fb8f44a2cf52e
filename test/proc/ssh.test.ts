import assert from 'node:assert/strict';
import {test} from 'node:test';
import {querySsh} from '../../src/proc/ssh.js';

test('querySsh: stdout and exit status of a short ssh; a missing program and a timeout are values', async () => {
	const dump = await querySsh(['ssh', '-F', 'none', '-T', '-G', '--', 'example.invalid'], 5000);
	assert.equal(dump.exitCode, 0, dump.stderr);
	assert.match(dump.stdout, /^hostname example\.invalid$/m);
	assert.equal(dump.timedOut, false);

	const failed = await querySsh(['ssh', '-F', '/nonexistent/config', '-T', '-G', '--', 'x'], 5000);
	assert.equal(failed.exitCode, 255);
	assert.match(failed.stderr, /Can't open user config file \/nonexistent\/config/);

	const missing = await querySsh(['/nonexistent/ssh', '-G', 'x'], 5000);
	assert.equal(missing.exitCode, 255);
	assert.match(missing.stderr, /^\/nonexistent\/ssh: .*ENOENT/);

	const slow = await querySsh(['sleep', '5'], 100);
	assert.equal(slow.timedOut, true);
	assert.equal(slow.exitCode, 255);
});
