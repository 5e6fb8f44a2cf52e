// The supervisor's unit and agent: read back as systemd and launchd read them, and the unit checked
// by `systemd-analyze verify` itself (Debian's `systemd` package; .ci/run installs it).
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {supervisorName, supervisorService, type SupervisorInput} from '../../src/service/definition.js';
import {binPath} from '../support/paths.js';
import {parsePlist, systemdWords, unitValues} from '../support/service-files.js';

const input: SupervisorInput = {
	manager: 'systemd',
	node: process.execPath,
	program: binPath,
	profilePath: '/home/u/My Tunnels/100% work.yaml',
	isDefaultProfile: false,
	ssh: undefined,
	sshConfig: '/home/u/.ssh/config $HOME',
	environment: [['TUNNELS_RUNTIME_DIR', '/run/user/1000/t "x" %h']],
	home: '/home/u',
	configHome: undefined,
};

const expectedArgv = [process.execPath, binPath, '--config', '/home/u/My Tunnels/100% work.yaml', '--ssh-config', '/home/u/.ssh/config $HOME', 'watch', '--service'];

test('the unit runs node and bin/tunnels.js by absolute path, with --config carried, as ExecStart words', () => {
	const service = supervisorService(input);
	assert.equal(service.file, path.join('/home/u/.config/systemd/user', `${service.name}.service`));
	const [execStart, ...more] = unitValues(service.text, 'ExecStart');
	assert.deepEqual(more, []);
	assert.deepEqual(systemdWords(execStart!), expectedArgv);
	assert.deepEqual(service.argv, expectedArgv);
	assert.deepEqual(unitValues(service.text, 'Environment').map(value => systemdWords(value)), [['TUNNELS_RUNTIME_DIR=/run/user/1000/t "x" %h']]);
	assert.deepEqual(unitValues(service.text, 'Restart'), ['on-failure']);
	assert.deepEqual(unitValues(service.text, 'WantedBy'), ['default.target']);
});

test('the unit passes systemd-analyze --user verify', {skip: process.platform !== 'linux'}, () => {
	const directory = mkdtempSync(path.join(os.tmpdir(), 'tunnels-unit-'));
	try {
		const service = supervisorService({...input, configHome: directory});
		const unitFile = path.join(directory, `${service.name}.service`);
		writeFileSync(unitFile, service.text);
		// --user needs a runtime directory to stand up its manager, even to verify.
		const run = spawnSync('systemd-analyze', ['--user', 'verify', unitFile], {env: {...process.env, XDG_RUNTIME_DIR: directory}, encoding: 'utf8', timeout: 60_000});
		assert.equal(run.error, undefined, 'systemd-analyze runs (Debian package systemd)');
		assert.equal(run.status, 0, run.stderr);
		assert.equal(run.stderr.trim(), '', 'no warning either');
		// And it does fail on a broken unit: the check can fail.
		writeFileSync(unitFile, service.text.replace('Restart=on-failure', 'Restart=sometimes').replace(/^ExecStart=\S+/m, 'ExecStart=no-such-program'));
		const broken = spawnSync('systemd-analyze', ['--user', 'verify', unitFile], {env: {...process.env, XDG_RUNTIME_DIR: directory}, encoding: 'utf8', timeout: 60_000});
		assert.notEqual(broken.status, 0);
	} finally {
		rmSync(directory, {recursive: true, force: true});
	}
});

test('the agent is a property list with the same program arguments, kept alive after a failure only', () => {
	const service = supervisorService({...input, manager: 'launchd'});
	assert.equal(service.file, `/home/u/Library/LaunchAgents/${service.name}.plist`);
	assert.deepEqual(parsePlist(service.text), {
		Label: service.name,
		ProgramArguments: expectedArgv,
		EnvironmentVariables: {TUNNELS_RUNTIME_DIR: '/run/user/1000/t "x" %h'},
		KeepAlive: {SuccessfulExit: false},
		RunAtLoad: true,
	});
});

test('the strict plist walk refuses what launchd would not read', () => {
	const good = supervisorService({...input, manager: 'launchd'}).text;
	assert.throws(() => parsePlist(good.replace('<true/>', '<yes/>')));
	assert.throws(() => parsePlist(good.replace('</dict>\n</plist>', '</plist>')));
	assert.throws(() => parsePlist(good.replace('&amp;', '&').replace('<string>', '<string>&nbsp;')));
});

test('names: `tunnels` for the default profile file; another file gets its own, saying which', () => {
	assert.equal(supervisorName('/home/u/.config/tunnels/tunnels.yaml', true), 'tunnels');
	const work = supervisorName('/home/u/My Tunnels/100% work.yaml', false);
	assert.match(work, /^tunnels-100-work-[\da-f]{8}$/);
	assert.notEqual(supervisorName('/srv/100% work.yaml', false), work, 'two files, two services');
	assert.match(supervisorName('/srv/.yaml', false), /^tunnels-profile-[\da-f]{8}$/);
});

test('XDG_CONFIG_HOME places the unit, as systemd reads it', () => {
	assert.equal(supervisorService({...input, configHome: '/cfg'}).file.startsWith('/cfg/systemd/user/'), true);
});
