import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {ImportResult} from '../../src/core/import.js';
import type {ImportRefusal} from '../../src/import/refusal.js';
import {describeImportResult, importJson, importProblem} from '../../src/present/import.js';

const imported = {
	kind: 'imported',
	name: 'fwd-local',
	file: '/home/me/.config/tunnels/tunnels.yaml',
	written: true,
	entry: {host: '127.0.0.1', user: 'bob', port: 2222, local: ['19902:127.0.0.2:7']},
	minimal: 'ssh -f -N -p 2222 -L 19902:127.0.0.2:7 bob@127.0.0.1',
	notCarried: ['ServerAliveInterval 7', 'Compression yes'],
} satisfies ImportResult;

test('describeImportResult: what was added where, its command, and what was not carried over', () => {
	assert.deepEqual(describeImportResult(imported), [
		{level: 'info', text: 'added tunnel fwd-local to /home/me/.config/tunnels/tunnels.yaml'},
		{level: 'info', text: '  ssh -f -N -p 2222 -L 19902:127.0.0.2:7 bob@127.0.0.1'},
		{level: 'info', text: '  not carried over: ServerAliveInterval 7, Compression yes'},
	]);
	assert.deepEqual(describeImportResult({...imported, written: false, notCarried: []}).map(line => line.text), [
		'would add tunnel fwd-local to /home/me/.config/tunnels/tunnels.yaml',
		'  ssh -f -N -p 2222 -L 19902:127.0.0.2:7 bob@127.0.0.1',
	]);
});

test('describeImportResult: a refusal is an error line and its hint', () => {
	assert.deepEqual(describeImportResult({kind: 'refused', refusal: {kind: 'name-taken', name: 'pg', file: '/t/tunnels.yaml'}}), [
		{level: 'error', text: 'tunnel `pg` already exists in /t/tunnels.yaml; nothing was written'},
		{level: 'detail', text: 'hint: pick another name with --name'},
	]);
});

test('importJson: the public --json shape, in its order', () => {
	assert.equal(
		JSON.stringify(importJson(imported)),
		'{"name":"fwd-local","file":"/home/me/.config/tunnels/tunnels.yaml","written":true,"entry":{"host":"127.0.0.1","user":"bob","port":2222,"local":["19902:127.0.0.2:7"]},'
		+ '"command":"ssh -f -N -p 2222 -L 19902:127.0.0.2:7 bob@127.0.0.1","notCarried":["ServerAliveInterval 7","Compression yes"]}',
	);
});

test('importProblem: every refusal\'s message and hint', () => {
	const paste = 'tunnels import -- ssh -f -N -L 9906:10.1.0.2:3306 root@10.1.0.2';
	const cases: Array<[ImportRefusal, string, string | undefined]> = [
		[{kind: 'two-sources'}, 'give either an ssh command or --from-ssh-config HOST, not both', undefined],
		[{kind: 'no-command'}, 'cannot import: no command given', `paste an ssh command, e.g. ${paste}`],
		[{kind: 'not-ssh', program: 'scp'}, 'cannot import: `scp` is not ssh', `paste an ssh command, e.g. ${paste}`],
		[{kind: 'unsplittable', message: 'unterminated quote'}, 'cannot import: unterminated quote', undefined],
		[{kind: 'bad-arguments', message: '-L needs a value'}, 'cannot import: -L needs a value', `paste an ssh command such as: ${paste}`],
		[{kind: 'unrepresentable', message: '-D is not supported by tunnels', hint: 'dynamic'}, 'cannot import: -D is not supported by tunnels', 'dynamic'],
		[{kind: 'not-a-host', host: 'ssh:-x'}, 'cannot import: `ssh:-x` is not a host name', 'name a Host of your ssh config; tunnels ls lists those with forwards'],
		[{kind: 'name-taken', name: 'db', file: '/t/p.yaml'}, 'tunnel `db` already exists in /t/p.yaml; nothing was written', 'pick another name with --name'],
		[
			{kind: 'invalid-entry', issues: [{severity: 'error', file: '/t/p.yaml', line: 7, tunnel: 'x y', field: undefined, message: 'bad name', hint: 'use letters'}]},
			'cannot import:\n/t/p.yaml:7: error: tunnel `x y`: bad name\n  hint: use letters',
			undefined,
		],
	];
	for (const [refusal, message, hint] of cases) {
		assert.deepEqual(importProblem(refusal), {message, hint}, refusal.kind);
	}
});

test('importProblem: a failing ssh -G names the ssh config file to fix, ~/.ssh/config by default', () => {
	const failed = {kind: 'ssh-config-failed', host: 'db', exitCode: 255, stderr: '/etc/ssh_config line 3: Bad configuration option: frobnicate\n', sshConfigFile: '/etc/ssh_config'} as const;
	assert.deepEqual(importProblem(failed), {
		message: 'cannot import: ssh -G db failed: /etc/ssh_config line 3: Bad configuration option: frobnicate',
		hint: 'fix the ssh config file it names (/etc/ssh_config)',
	});
	assert.deepEqual(importProblem({...failed, stderr: ' \n', sshConfigFile: undefined}), {
		message: 'cannot import: ssh -G db failed: exit status 255',
		hint: 'fix the ssh config file it names (~/.ssh/config)',
	});
});
