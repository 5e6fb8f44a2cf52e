import assert from 'node:assert/strict';
import {test} from 'node:test';
import {resolveExportHost} from '../../src/core/export-host.js';
import {exportTunnel} from '../../src/export/index.js';
import {resolveHost} from '../../src/export/host-settings.js';
import {blockKeywords} from '../../src/export/ssh-config.js';
import {parseEffectiveConfig} from '../../src/ssh-config/effective.js';
import {forward, tunnel} from '../support/builders.js';

// `ssh -G` output, shortened: what every host gets, and what a Host block for `db` adds.
const common = ['user me', 'port 22', 'identityfile ~/.ssh/id_rsa', 'identityfile ~/.ssh/id_ed25519', 'userknownhostsfile /home/me/.ssh/known_hosts', 'serveraliveinterval 0', 'controlmaster false'];
const forOther = parseEffectiveConfig(['host tunnels-db.invalid', 'hostname tunnels-db.invalid', ...common].join('\n'));
const forDb = parseEffectiveConfig([
	'host db', 'user deploy', 'hostname 10.1.0.2', 'port 2222',
	'identityfile ~/.ssh/db key', 'userknownhostsfile /home/me/.ssh/known_hosts', 'serveraliveinterval 5', 'controlmaster auto',
	'localforward 9906 [10.1.0.2]:3306', 'proxyjump bastion', 'hostkeyalias db',
].join('\n'));

test('resolveHost: what the host\'s own blocks give, beyond what any name gets, unless the tunnel says it first', () => {
	const db = tunnel({name: 'db', host: 'db', user: undefined, local: [forward()]});
	assert.deepEqual(resolveHost(forDb, forOther, blockKeywords(db)), {
		hostName: '10.1.0.2',
		settings: [
			['User', 'deploy'],
			['Port', '2222'],
			// ssh collects every IdentityFile: the alias's key is carried as ssh -G prints it, quoted for the parser.
			['IdentityFile', '"~/.ssh/db key"'],
			['ProxyJump', 'bastion'],
			['HostKeyAlias', 'db'],
		],
	});

	// The tunnel's own user, port and jump come first in the block: the alias's would not count.
	const own = tunnel({name: 'db', host: 'db', user: 'root', port: 2200, jump: ['j'], identityFile: '/k'});
	assert.deepEqual(resolveHost(forDb, forOther, blockKeywords(own)).settings, [['IdentityFile', '"~/.ssh/db key"'], ['HostKeyAlias', 'db']]);
});

test('the block points at the resolved host and carries its settings after the tunnel\'s own', () => {
	const db = tunnel({name: 'db', host: 'db', user: undefined});
	const block = exportTunnel(db, {sshBinary: 'ssh', sshConfigFile: undefined}, {kind: 'ssh-config', host: resolveHost(forDb, forOther, blockKeywords(db))});
	assert.equal(block, [
		'# tunnels db; written by `tunnels export db --as ssh-config`',
		'# start it with: ssh -f -N tunnels-db',
		'Host tunnels-db',
		'\tHostName 10.1.0.2',
		'\tLocalForward 9906 10.1.0.2:3306',
		'\tServerAliveInterval 15',
		'\tServerAliveCountMax 3',
		'\tExitOnForwardFailure yes',
		'\tControlMaster no',
		'\t# how ssh reaches db through your ssh config (ssh -G db)',
		'\tUser deploy',
		'\tPort 2222',
		'\tIdentityFile "~/.ssh/db key"',
		'\tProxyJump bastion',
		'\tHostKeyAlias db',
		'',
	].join('\n'));
});

test('resolveExportHost asks ssh -G for the host and for a name only catch-all blocks match; a failure is said', async () => {
	const asked: string[][] = [];
	const db = tunnel({name: 'db', host: 'db', user: undefined, port: undefined});
	const settings = {sshBinary: 'ssh', sshConfigFile: '/etc/tunnels/ssh_config'};
	const answer = (argv: readonly string[]) => (argv.at(-1) === 'db' ? forDb : forOther);
	const lookup = await resolveExportHost({async querySsh(argv) {
		asked.push([...argv]);
		const config = answer(argv);
		return {exitCode: 0, stdout: [...config].flatMap(([key, values]) => values.map(value => `${key} ${value}`)).join('\n'), stderr: '', timedOut: false};
	}}, db, settings);
	assert.deepEqual(asked, [
		['ssh', '-F', '/etc/tunnels/ssh_config', '-T', '-G', '--', 'db'],
		['ssh', '-F', '/etc/tunnels/ssh_config', '-T', '-G', '--', 'tunnels-db.invalid'],
	]);
	assert.equal(lookup.kind === 'resolved' && lookup.host.hostName, '10.1.0.2');

	const failed = await resolveExportHost({querySsh: async () => ({exitCode: 255, stdout: '', stderr: '/etc/tunnels/ssh_config line 3: Bad configuration option: hostnme', timedOut: false})}, db, settings);
	assert.deepEqual(failed, {kind: 'unresolved', exitCode: 255, stderr: '/etc/tunnels/ssh_config line 3: Bad configuration option: hostnme'});
});
