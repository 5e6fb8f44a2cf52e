import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {configDestination, configImport, settingsNotCarried} from '../../src/import/from-ssh-config.js';
import {parseEffectiveConfig} from '../../src/ssh-config/effective.js';
import {fixturesDirectory} from '../support/paths.js';

const captured = (name: string) => parseEffectiveConfig(readFileSync(path.join(fixturesDirectory, 'ssh-config', `G-${name}.txt`), 'utf8'));

test('configDestination: HostName, User and Port as ssh -G resolved them', () => {
	assert.deepEqual(configDestination('fwd-local', captured('fwd-local')), {host: '127.0.0.1', user: 'bob', port: 2222});
	assert.deepEqual(configDestination('x', parseEffectiveConfig('')), {host: 'x', user: undefined, port: 22});
});

test('configImport: the resolved destination instead of the alias, its own IdentityFile, and what is not carried over', () => {
	assert.deepEqual(configImport('fwd-local', captured('fwd-local'), captured('entry')), {
		kind: 'ok',
		spec: {
			host: '127.0.0.1',
			user: 'bob',
			port: 2222,
			// /keys/common comes from `Host *`, which the entry gets too: only the alias's own file is written.
			identityFile: '/keys/fwd',
			jump: 'jumper@bastion:2200',
			gateway: true,
			local: ['19902:127.0.0.2:7', '[::1]:19903:127.0.0.2:7'],
			remote: ['0.0.0.0:19904:localhost:80'],
		},
		// ControlMaster auto is the tool's own setting on every tunnel: not reported.
		notCarried: ['ServerAliveInterval 7'],
	});
});

test('configImport refuses a host without forwards, and an entry the config would give forwards again', () => {
	assert.deepEqual(configImport('plain', captured('plain'), captured('entry')), {
		kind: 'error', message: 'the ssh config defines no LocalForward, RemoteForward or DynamicForward for `plain`', hint: 'tunnels ls lists the tunnels of the ssh config',
	});
	// As if a `Match host 127.0.0.1` block added the forward: the alias's destination gets it too.
	assert.deepEqual(configImport('fwd-local', captured('fwd-local'), captured('fwd-local')), {
		kind: 'error',
		message: 'the ssh config adds LocalForward 19902 [127.0.0.2]:7, LocalForward [::1]:19903 [127.0.0.2]:7, RemoteForward [0.0.0.0]:19904 [localhost]:80 for 127.0.0.1 too: the imported tunnel would bind them twice',
		hint: 'keep using the ssh config\'s tunnel (tunnels up ssh:fwd-local), or narrow the Host or Match line that adds them',
	});
});

test('settingsNotCarried: every differing keyword but the carried and the tool\'s own, `none` when the alias has none', () => {
	const alias = parseEffectiveConfig('host a\nhostname h\nsendenv LANG\nsendenv LC_*\ncontrolpath /x\nuser u\ncompression yes\nobscurekeystroketiming yes');
	const entry = parseEffectiveConfig('host h\nhostname h\nuser v\ncompression no\nhostkeyalias k');
	assert.deepEqual(settingsNotCarried(alias, entry), ['SendEnv LANG LC_*', 'Compression yes', 'obscurekeystroketiming yes', 'HostKeyAlias none']);
});
