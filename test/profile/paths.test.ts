import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseProfile} from '../../src/profile/parse.js';
import {anchorPath, expandPath, type PathExpansion, type PathKind} from '../../src/profile/paths.js';
import {resolveSshSettings} from '../../src/profile/settings.js';
import {formatIssue} from '../../src/profile/issue.js';

const context = {home: '/home/me', env: {KEYS: '/srv/keys', EMPTY: '', TILDE: '~/x'}, base: '/etc/tunnels'};
const ok = (path: string): PathExpansion => ({kind: 'ok', path});

test('expandPath: ~ and ${NAME} as ssh expands them, then relative paths from the profile\'s own directory', () => {
	const cases: Array<[string, PathKind, PathExpansion]> = [
		['~/.ssh/config', 'config-file', ok('/home/me/.ssh/config')],
		['~', 'config-file', ok('/home/me')],
		['${KEYS}/id', 'identity-file', ok('/srv/keys/id')],
		['${HOME}/id', 'identity-file', {kind: 'undefined-variable', name: 'HOME'}],
		['a${EMPTY}b', 'identity-file', ok('/etc/tunnels/ab')],
		// ssh expands ~ first, then variables: a value that starts with ~ stays as it is.
		['${TILDE}', 'identity-file', ok('/etc/tunnels/~/x')],
		// $NAME without braces is no variable for ssh either.
		['$KEYS/id', 'identity-file', ok('/etc/tunnels/$KEYS/id')],
		['${KEYS', 'identity-file', {kind: 'unclosed-variable'}],
		['${}/id', 'identity-file', {kind: 'empty-variable'}],
		['~bob/.ssh/id', 'identity-file', {kind: 'other-user', user: 'bob'}],
		['keys/id', 'identity-file', ok('/etc/tunnels/keys/id')],
		['./ssh_config', 'config-file', ok('/etc/tunnels/ssh_config')],
		['../shared/ssh_config', 'config-file', ok('/etc/shared/ssh_config')],
		['/abs/id', 'identity-file', ok('/abs/id')],
		// ssh's own tokens in IdentityFile: %d is the home directory, expanded by ssh after this.
		['%d/.ssh/%h', 'identity-file', ok('%d/.ssh/%h')],
		['~/.ssh/%h', 'identity-file', ok('/home/me/.ssh/%h')],
		// -F none: no config file at all.
		['none', 'config-file', ok('none')],
		// A program without a slash is found in PATH; with one, it is a path.
		['ssh', 'program', ok('ssh')],
		['bin/ssh', 'program', ok('/etc/tunnels/bin/ssh')],
		['~/bin/ssh', 'program', ok('/home/me/bin/ssh')],
	];
	for (const [value, kind, expected] of cases) {
		assert.deepEqual(expandPath(value, kind, context), expected, value);
	}

	assert.deepEqual(expandPath('~/x', 'config-file', {...context, home: undefined}), {kind: 'no-home'});
});

test('anchorPath: a pasted command\'s relative key file is the directory it ran in\'s', () => {
	assert.equal(anchorPath('key', '/home/me/work'), '/home/me/work/key');
	assert.equal(anchorPath('../k', '/home/me/work'), '/home/me/k');
	for (const kept of ['/k', '~/k', '${KEYS}/k', '%d/k']) {
		assert.equal(anchorPath(kept, '/home/me/work'), kept);
	}
});

test('the profile\'s paths mean the same wherever tunnels starts; one that cannot be expanded is an error at its line', () => {
	const text = [
		'sshConfig: ssh_config',
		'ssh: ~/bin/ssh',
		'allowCommands: true',
		'tunnels:',
		'  db:',
		'    host: h',
		'    identityFile: ${KEYS}/db',
		'    local: [9906:db:3306]',
		'',
	].join('\n');
	const parsed = parseProfile(text, '/etc/tunnels/tunnels.yaml', {isRoot: false, paths: {home: '/home/me', env: {KEYS: '/srv/keys'}}});
	assert.equal(parsed.kind, 'ok');
	assert.deepEqual(parsed.kind === 'ok' && parsed.profile.settings, {ssh: '/home/me/bin/ssh', sshConfig: '/etc/tunnels/ssh_config'});
	assert.equal(parsed.kind === 'ok' && parsed.profile.tunnels[0]?.identityFile, '/srv/keys/db');

	const broken = parseProfile(text.replace('ssh_config', '${CONFIGS}/ssh_config'), '/etc/tunnels/tunnels.yaml', {isRoot: false, paths: {home: '/home/me', env: {}}});
	assert.equal(broken.kind, 'invalid');
	assert.deepEqual(broken.kind === 'invalid' ? broken.issues.map(issue => formatIssue(issue)) : [], [
		'/etc/tunnels/tunnels.yaml:1: error: sshConfig: `${CONFIGS}/ssh_config` uses ${CONFIGS}, which is not set in the environment\n  hint: set CONFIGS, or write the path without it',
		'/etc/tunnels/tunnels.yaml:7: error: tunnel `db`, identityFile: `${KEYS}/db` uses ${KEYS}, which is not set in the environment\n  hint: set KEYS, or write the path without it',
	]);
});

test('the flags\' and the environment\'s paths start at the working directory; they win over the profile\'s', () => {
	const profile = {ssh: '/opt/ssh', sshConfig: '/etc/tunnels/ssh_config'};
	const paths = {home: '/home/me', cwd: '/home/me/work'};
	assert.deepEqual(resolveSshSettings({flags: {}, env: {}, profile, paths}), {kind: 'ok', settings: {sshBinary: '/opt/ssh', sshConfigFile: '/etc/tunnels/ssh_config'}});
	assert.deepEqual(resolveSshSettings({flags: {sshConfig: 'cfg'}, env: {TUNNELS_SSH_CONFIG: '/x'}, profile, paths}), {kind: 'ok', settings: {sshBinary: '/opt/ssh', sshConfigFile: '/home/me/work/cfg'}});
	assert.deepEqual(resolveSshSettings({flags: {}, env: {TUNNELS_SSH_CONFIG: '~/cfg', TUNNELS_SSH: 'ssh'}, profile, paths}), {kind: 'ok', settings: {sshBinary: 'ssh', sshConfigFile: '/home/me/cfg'}});
	assert.deepEqual(resolveSshSettings({flags: {sshConfig: '${NOPE}/cfg'}, env: {}, profile, paths}), {
		kind: 'invalid', source: '--ssh-config', value: '${NOPE}/cfg', problem: {kind: 'undefined-variable', name: 'NOPE'},
	});
});
