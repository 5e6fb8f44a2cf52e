// Scenario 1 of the design (mysql-b) in every export format, against golden files in fixtures/export.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {exportFormatNames, exportTunnel, type ExportFormat} from '../../src/export/index.js';
import {tunnel} from '../support/builders.js';
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
