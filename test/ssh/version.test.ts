import assert from 'node:assert/strict';
import {test} from 'node:test';
import {configuredForwards, parseEffectiveConfig, testChannelArgv} from '../../src/ssh-config/effective.js';
import {isRecentEnough, parseSshVersion} from '../../src/ssh/version.js';
import {tunnel} from '../support/builders.js';

test('ssh -V: OpenSSH 6.7 or newer is recent enough', () => {
	const current = parseSshVersion('OpenSSH_9.2p1 Debian-2+deb12u6, OpenSSL 3.0.19 27 Jan 2026\n');
	assert.deepEqual(current, {kind: 'openssh', major: 9, minor: 2, text: 'OpenSSH_9.2p1 Debian-2+deb12u6, OpenSSL 3.0.19 27 Jan 2026'});
	assert.equal(isRecentEnough(current), true);
	assert.equal(isRecentEnough(parseSshVersion('OpenSSH_6.7p1, OpenSSL 1.0.1')), true);
	assert.equal(isRecentEnough(parseSshVersion('OpenSSH_6.6.1p1 Ubuntu')), false);
	assert.deepEqual(parseSshVersion('Dropbear v2022.83'), {kind: 'other', text: 'Dropbear v2022.83'});
});

test('ssh -G: the forwards a user\'s config adds for a host', () => {
	const config = parseEffectiveConfig('user root\nhostname 10.1.0.2\nport 22\nlocalforward [127.0.0.1]:5432 db:5432\nremoteforward 8080 [localhost]:80\ncontrolmaster auto\n');
	assert.deepEqual(config.get('hostname'), ['10.1.0.2']);
	assert.deepEqual(configuredForwards(config), ['LocalForward [127.0.0.1]:5432 db:5432', 'RemoteForward 8080 [localhost]:80']);
});

test('a test channel connects as the tunnel does, without its forwards, and never as a master', () => {
	const withForwards = tunnel({port: 2222, jump: ['bastion'], gateway: true, options: [{keyword: 'Compression', value: 'yes'}]});
	assert.deepEqual(testChannelArgv(withForwards, {sshBinary: '/usr/bin/ssh', sshConfigFile: '/t/cfg'}, '10.1.0.2:3306'), [
		'/usr/bin/ssh', '-F', '/t/cfg', '-vv', '-o', 'BatchMode=yes', '-o', 'ControlMaster=no', '-o', 'ControlPath=none', '-o', 'ConnectTimeout=10',
		'-p', '2222', '-J', 'bastion', '-o', 'Compression=yes', '-W', '10.1.0.2:3306', '--', 'root@10.1.0.2',
	]);
});
