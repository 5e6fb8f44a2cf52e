// The foreground ssh argv that systemd, launchd and autossh run: exact arrays.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {serviceArgv} from '../../src/export/service-argv.js';
import {forward, tunnel} from '../support/builders.js';

const exported = ['-o', 'ExitOnForwardFailure=yes', '-o', 'ControlMaster=no', '-o', 'BatchMode=yes'];
const settings = {sshBinary: '/usr/bin/ssh', sshConfigFile: undefined};

test('scenario 1: -N instead of -f -N, export options, default keep-alives, -- before the destination', () => {
	assert.deepEqual(serviceArgv(tunnel(), settings), [
		'/usr/bin/ssh', '-N', ...exported, '-o', 'ConnectTimeout=15',
		'-o', 'ServerAliveInterval=15', '-o', 'ServerAliveCountMax=3', '-L', '9906:10.1.0.2:3306', '--', 'root@10.1.0.2',
	]);
});

test('scenario 2 with -F, port, identity, jumps and its own keep-alive', () => {
	const mysqlFromNat = tunnel({
		name: 'mysql-from-nat', host: '10.1.0.1', local: [], remote: [forward()], port: 2222, identityFile: '~/.ssh/id_ed25519',
		jump: ['bastion', 'ops@10.0.0.1:2200'], keepAlive: {interval: 5, countMax: 2},
	});
	assert.deepEqual(serviceArgv(mysqlFromNat, {sshBinary: '/opt/ssh/bin/ssh', sshConfigFile: '/etc/tunnels/ssh_config'}), [
		'/opt/ssh/bin/ssh', '-F', '/etc/tunnels/ssh_config', '-N', ...exported, '-o', 'ConnectTimeout=15',
		'-p', '2222', '-i', '~/.ssh/id_ed25519', '-J', 'bastion,ops@10.0.0.1:2200',
		'-o', 'ServerAliveInterval=5', '-o', 'ServerAliveCountMax=2', '-R', '9906:10.1.0.2:3306', '--', 'root@10.1.0.1',
	]);
});

test('scenario 3: -g stays, a ConnectTimeout of the tunnel replaces the default, no user', () => {
	const viaB = tunnel({
		name: 'mysql-c-via-b', user: undefined, gateway: true, local: [forward({host: '10.1.0.3'})],
		options: [{keyword: 'ConnectTimeout', value: '4'}],
	});
	assert.deepEqual(serviceArgv(viaB, settings), [
		'/usr/bin/ssh', '-g', '-N', ...exported, '-o', 'ServerAliveInterval=15', '-o', 'ServerAliveCountMax=3',
		'-o', 'ConnectTimeout=4', '-L', '9906:10.1.0.3:3306', '--', '10.1.0.2',
	]);
});
