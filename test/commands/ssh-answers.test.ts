import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {sshAnswerCache} from '../../src/commands/ssh-answers.js';
import type {ConfigDeps} from '../../src/core/config-tunnels.js';
import {querySsh} from '../../src/proc/ssh.js';
import {readConfigFiles} from '../../src/store/ssh-config-files.js';

test('ssh -G answers are kept while the config files read the same, and asked again once they change', async () => {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'tunnels-answers-'));
	try {
		const config = path.join(dir, 'config');
		await writeFile(config, 'Host db\n\tLocalForward 9906 10.1.0.2:3306\n');
		let asked = 0;
		// The real file reader and the real ssh; only counted.
		const real: ConfigDeps = {
			readSshConfig: async file => readConfigFiles(file ?? config, dir),
			async querySsh(argv, timeoutMs) {
				asked++;
				return querySsh(argv, timeoutMs);
			},
		};
		const remembered = sshAnswerCache();
		const argv = ['ssh', '-F', config, '-T', '-G', '--', 'db'];
		const ask = async () => {
			const deps = remembered(real);
			await deps.readSshConfig(config);
			return deps.querySsh(argv, 5000);
		};

		const first = await ask();
		assert.equal(first.exitCode, 0, first.stderr);
		assert.match(first.stdout, /^localforward 9906 \[?10\.1\.0\.2\]?:3306$/m);
		await ask();
		assert.equal(asked, 1, 'the same files: the answer is kept');

		await writeFile(config, 'Host db\n\tLocalForward 9907 10.1.0.2:3306\n');
		const changed = await ask();
		assert.equal(asked, 2, 'changed files: ssh is asked again');
		assert.match(changed.stdout, /^localforward 9907 /m);
	} finally {
		await rm(dir, {recursive: true, force: true});
	}
});
