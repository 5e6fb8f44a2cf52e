// Values that each format's reader would otherwise split, expand or misparse.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {exportTunnel} from '../../src/export/index.js';
import {configWord} from '../../src/export/host-settings.js';
import {systemdArgument} from '../../src/export/systemd.js';
import {forward, tunnel} from '../support/builders.js';

// A real value with a space and a `%` token: two known-hosts files, the second named by host key (%k).
const knownHosts = {keyword: 'UserKnownHostsFile', value: '~/.ssh/known_hosts ~/.ssh/known_hosts.d/%k'};
const settings = {sshBinary: '/usr/bin/ssh', sshConfigFile: undefined};

function line(text: string, prefix: string): string {
	const found = text.split('\n').find(candidate => candidate.startsWith(prefix));
	assert.ok(found !== undefined, `no line starting with ${prefix} in\n${text}`);
	return found;
}

test('systemd: quoted with double quotes, `%` and `$` doubled, `"` and `\\` escaped', () => {
	assert.equal(systemdArgument('9906:10.1.0.2:3306'), '9906:10.1.0.2:3306');
	assert.equal(systemdArgument('a b%k'), '"a b%%k"');
	assert.equal(systemdArgument('$HOME'), '"$$HOME"');
	assert.equal(systemdArgument('say "hi" \\ there'), '"say \\"hi\\" \\\\ there"');
	assert.equal(systemdArgument(';'), '";"');
	assert.equal(systemdArgument(''), '""');

	const unit = exportTunnel(tunnel({options: [knownHosts], description: '100% up\nand more'}), {sshBinary: '/opt/my ssh/ssh', sshConfigFile: undefined}, {kind: 'systemd'});
	assert.equal(
		line(unit, 'ExecStart='),
		'ExecStart="/opt/my ssh/ssh" -N -o ExitOnForwardFailure=yes -o ControlMaster=no -o BatchMode=yes -o ConnectTimeout=15'
		+ ' -o ServerAliveInterval=15 -o ServerAliveCountMax=3 -o "UserKnownHostsFile=~/.ssh/known_hosts ~/.ssh/known_hosts.d/%%k"'
		+ ' -L 9906:10.1.0.2:3306 -- root@10.1.0.2',
	);
	assert.equal(line(unit, 'Description='), 'Description=tunnels mysql-b: 100%% up and more');
});

test('systemd: a description ending in a backslash cannot continue into the next line', () => {
	const unit = exportTunnel(tunnel({description: 'C:\\'}), settings, {kind: 'systemd'});
	assert.equal(line(unit, 'Description='), 'Description=tunnels mysql-b: C:');
});

test('launchd: XML special characters of an identity file are escaped, nothing else is quoted', () => {
	const plist = exportTunnel(tunnel({identityFile: '/home/me/keys/<a&b>.key', options: [knownHosts]}), settings, {kind: 'launchd'});
	assert.match(plist, /\t\t<string>-i<\/string>\n\t\t<string>\/home\/me\/keys\/&lt;a&amp;b&gt;\.key<\/string>\n/);
	assert.match(plist, /\t\t<string>UserKnownHostsFile=~\/\.ssh\/known_hosts ~\/\.ssh\/known_hosts\.d\/%k<\/string>\n/);
	assert.doesNotMatch(plist, /<a&b>/);
});

test('autossh: shell-quoted; another ssh binary is passed as AUTOSSH_PATH', () => {
	const command = exportTunnel(
		tunnel({options: [knownHosts], identityFile: '/keys/it\'s'}),
		{sshBinary: '/opt/my ssh/ssh', sshConfigFile: '/etc/tunnels/ssh config'},
		{kind: 'autossh'},
	);
	assert.equal(
		command,
		'AUTOSSH_PATH=\'/opt/my ssh/ssh\' autossh -M 0 -f -F \'/etc/tunnels/ssh config\' -N -o ExitOnForwardFailure=yes -o ControlMaster=no'
		+ ' -o BatchMode=yes -o ConnectTimeout=15 -i \'/keys/it\'\\\'\'s\' -o ServerAliveInterval=15 -o ServerAliveCountMax=3'
		+ ' -o \'UserKnownHostsFile=~/.ssh/known_hosts ~/.ssh/known_hosts.d/%k\' -L 9906:10.1.0.2:3306 -- root@10.1.0.2\n',
	);
});

test('ssh-config: fields quoted as argv_split reads them, options verbatim, %% in HostName, IPv6 and bind addresses', () => {
	assert.equal(configWord('/home/me/my keys/id'), '"/home/me/my keys/id"');
	assert.equal(configWord('/a"b\\c'), '"/a\\"b\\\\c"');
	assert.equal(configWord('#not-a-comment'), '"#not-a-comment"');
	assert.equal(configWord('~/.ssh/id_%r'), '~/.ssh/id_%r');

	const block = exportTunnel(tunnel({
		name: 'everything',
		host: 'fe80::1%eth0',
		port: 2222,
		identityFile: '/home/me/my keys/id_<a&b>',
		jump: ['bastion', 'ops@10.0.0.1:2200'],
		local: [forward(), forward({bind: '::1', port: 9907, host: 'fe80::2', hostPort: 5432}), forward({bind: '*', port: 9908})],
		remote: [forward({bind: '127.0.0.1', port: 9909, host: 'localhost', hostPort: 22})],
		gateway: true,
		keepAlive: {interval: 5, countMax: 2},
		// `-o` and a config line share one parser: the value means the same written as it is.
		options: [knownHosts, {keyword: 'IdentityAgent', value: '"/run/user/1000/my agent.sock"'}],
	}), settings, {kind: 'ssh-config'});
	assert.equal(block, [
		'# tunnels everything; written by `tunnels export everything --as ssh-config`',
		'# start it with: ssh -f -N tunnels-everything',
		'Host tunnels-everything',
		'\tHostName fe80::1%%eth0',
		'\tUser root',
		'\tPort 2222',
		'\tIdentityFile "/home/me/my keys/id_<a&b>"',
		'\tProxyJump bastion,ops@10.0.0.1:2200',
		'\tLocalForward 9906 10.1.0.2:3306',
		'\tLocalForward [::1]:9907 [fe80::2]:5432',
		'\tLocalForward *:9908 10.1.0.2:3306',
		'\tRemoteForward 127.0.0.1:9909 localhost:22',
		'\tGatewayPorts yes',
		'\tServerAliveInterval 5',
		'\tServerAliveCountMax 2',
		'\tExitOnForwardFailure yes',
		'\tControlMaster no',
		'\tUserKnownHostsFile ~/.ssh/known_hosts ~/.ssh/known_hosts.d/%k',
		'\tIdentityAgent "/run/user/1000/my agent.sock"',
		'',
	].join('\n'));
});
