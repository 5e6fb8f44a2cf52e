// Scenario 1 of the design (mysql-b) in every export format, against golden files in fixtures/export.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {exportFormatNames, exportTunnel, type ExportFormat} from '../../src/export/index.js';
import {dynamic, socketForward, tunnel} from '../support/builders.js';
import {fixturesDirectory} from '../support/paths.js';

const mysqlB = tunnel({description: 'MySQL on B, encrypted across the network'});

const golden: Array<[ExportFormat, string, string]> = [
	[{kind: 'systemd'}, '/usr/bin/ssh', 'mysql-b.service'],
	[{kind: 'launchd'}, '/usr/bin/ssh', 'mysql-b.plist'],
	[{kind: 'autossh'}, 'ssh', 'mysql-b.autossh.sh'],
	[{kind: 'ssh-config'}, 'ssh', 'mysql-b.ssh_config'],
];

for (const [format, sshBinary, file] of golden) {
	test(`mysql-b as ${format.kind} is fixtures/export/${file}`, () => {
		const expected = readFileSync(path.join(fixturesDirectory, 'export', file), 'utf8');
		assert.equal(exportTunnel(mysqlB, {sshBinary, sshConfigFile: undefined}, format), expected);
	});
}

test('every format the command line offers has a golden file', () => {
	assert.deepEqual(golden.map(([format]) => format.kind), [...exportFormatNames]);
});

test('the unit runs ssh in the foreground with the export options before the tunnel\'s own', () => {
	const unit = exportTunnel(mysqlB, {sshBinary: '/usr/bin/ssh', sshConfigFile: undefined}, {kind: 'systemd'});
	assert.match(unit, /^ExecStart=\/usr\/bin\/ssh -N -o ExitOnForwardFailure=yes .* -- root@10\.1\.0\.2$/m);
	assert.doesNotMatch(unit, / -f /);
});

test('socket paths and SOCKS proxies in every format: ssh_config\'s own keywords, StreamLocalBindUnlink for a socket file here, `%` written `%%`', () => {
	const docker = tunnel({
		name: 'docker', user: undefined, host: 'build',
		local: [socketForward('/tmp/d%.sock', '/var/run/docker.sock'), socketForward(2375, '/var/run/docker.sock')],
		remote: [{listen: {kind: 'tcp', bind: undefined, port: 1082}, target: {kind: 'socks'}}, socketForward('/run/app.sock', {host: 'localhost', port: 8080})],
		dynamic: [dynamic(1080, '::1'), dynamic('/tmp/s.sock')],
	});
	const block = exportTunnel(docker, {sshBinary: 'ssh', sshConfigFile: undefined}, {kind: 'ssh-config'});
	assert.match(block, /^\tLocalForward \/tmp\/d%%\.sock \/var\/run\/docker\.sock\n\tLocalForward 2375 \/var\/run\/docker\.sock\n\tRemoteForward 1082\n\tRemoteForward \/run\/app\.sock localhost:8080\n\tDynamicForward \[::1\]:1080\n\tDynamicForward \/tmp\/s\.sock\n/m);
	assert.match(block, /^\tStreamLocalBindUnlink yes$/m);
	// systemd writes ssh's `%%` as `%%%%` (its own specifiers) and quotes the word.
	const unit = exportTunnel(docker, {sshBinary: '/usr/bin/ssh', sshConfigFile: undefined}, {kind: 'systemd'});
	assert.match(unit, /^ExecStart=\/usr\/bin\/ssh -N -o ExitOnForwardFailure=yes -o ControlMaster=no -o StreamLocalBindUnlink=yes .* -L "\/tmp\/d%%%%\.sock:\/var\/run\/docker\.sock" -L 2375:\/var\/run\/docker\.sock -R 1082 -R \/run\/app\.sock:localhost:8080 -D "\[::1\]:1080" -D \/tmp\/s\.sock -- build$/m);
	// A tunnel with no socket file here does not get it: a -R path is the server's to replace.
	const remoteOnly = exportTunnel(tunnel({local: [], remote: [socketForward('/run/app.sock', {host: 'localhost', port: 80})]}), {sshBinary: 'ssh', sshConfigFile: undefined}, {kind: 'autossh'});
	assert.doesNotMatch(remoteOnly, /StreamLocalBindUnlink/);
});
