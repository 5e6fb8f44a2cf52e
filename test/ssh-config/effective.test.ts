import assert from 'node:assert/strict';
import {test} from 'node:test';
import {describeEffectiveDestination, effectiveConfigArgv, parseEffectiveConfig} from '../../src/ssh-config/effective.js';

const ssh = {sshBinary: 'ssh', sshConfigFile: '/t/ssh_config'};

test('ssh -G for a tunnel carries its port and its own jump hosts, which win over the config\'s ProxyJump', () => {
	const cases: Array<[Parameters<typeof effectiveConfigArgv>[0], string[]]> = [
		[{host: 'db', user: undefined, port: undefined}, ['ssh', '-F', '/t/ssh_config', '-T', '-G', '--', 'db']],
		[{host: 'db', user: 'root', port: 2222, jump: []}, ['ssh', '-F', '/t/ssh_config', '-T', '-G', '-p', '2222', '--', 'root@db']],
		[{host: '10.1.0.3', user: 'root', port: undefined, jump: ['ops@bastion:2200', '10.1.0.2']}, ['ssh', '-F', '/t/ssh_config', '-T', '-G', '-J', 'ops@bastion:2200,10.1.0.2', '--', 'root@10.1.0.3']],
	];
	for (const [tunnel, argv] of cases) assert.deepEqual(effectiveConfigArgv(tunnel, ssh), argv);
});

test('where ssh connects, as ssh -G says it; an address is bracketed only when IPv6 needs it', () => {
	// The proxyjump values are ssh -G's own (OpenSSH 9.2) for `-J` of each hop list.
	const cases: Array<[string | undefined, string]> = [
		[undefined, 'root@10.1.0.3:22'],
		['[10.1.0.2]', 'root@10.1.0.3:22 via 10.1.0.2'],
		['u@[10.1.0.2]:2222', 'root@10.1.0.3:22 via u@10.1.0.2:2222'],
		['bastion,[10.1.0.2]', 'root@10.1.0.3:22 via bastion,10.1.0.2'],
		['u@bastion:22', 'root@10.1.0.3:22 via u@bastion:22'],
		['[::1]:2222', 'root@10.1.0.3:22 via [::1]:2222'],
		['u@[fe80::1]:22', 'root@10.1.0.3:22 via u@[fe80::1]:22'],
	];
	for (const [proxyjump, described] of cases) {
		const config = parseEffectiveConfig(`user root\nhostname 10.1.0.3\nport 22\n${proxyjump === undefined ? '' : `proxyjump ${proxyjump}\n`}`);
		assert.equal(describeEffectiveDestination(config, 'c'), described, String(proxyjump));
	}
});
