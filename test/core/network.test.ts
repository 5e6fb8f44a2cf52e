import assert from 'node:assert/strict';
import {test} from 'node:test';
import {waitForNetwork} from '../../src/core/network.js';
import type {SshRun} from '../../src/proc/ssh.js';
import {fakeDeps, fakeTarget} from '../support/fake-deps.js';

/**
 * `ssh -G` as ssh answers it, for a config with `Host bastion` (HostName 192.0.2.7, Port 2222) and
 * `Host via-config` (ProxyJump cfg-bastion): hostname and port of the destination, and its
 * proxyjump, which `-J` on the command line sets and wins over the config's.
 */
function sshDashG(argv: readonly string[]): SshRun {
	const destination = argv.at(-1)!.replace(/^.*@/, '');
	const flag = (name: string) => {
		const index = argv.indexOf(name);
		return index === -1 ? undefined : argv[index + 1];
	};
	const hosts: Record<string, {hostname: string; port: number; proxyjump?: string}> = {
		bastion: {hostname: '192.0.2.7', port: 2222},
		'via-config': {hostname: '198.51.100.9', port: 22, proxyjump: 'cfg-bastion'},
	};
	const host = hosts[destination] ?? {hostname: destination, port: 22};
	const proxyjump = flag('-J') ?? host.proxyjump;
	const lines = [`hostname ${host.hostname}`, `port ${flag('-p') ?? host.port}`, ...(proxyjump === undefined ? [] : [`proxyjump ${proxyjump}`])];
	return {exitCode: 0, stdout: `${lines.join('\n')}\n`, stderr: '', timedOut: false};
}

test('after a wake the watcher knocks on the first hop: the server, or the first jump host, the tunnel\'s own or the config\'s', async () => {
	const cases: Array<[string, Parameters<typeof fakeTarget>[0], string, string[][]]> = [
		['no jump: the server', {host: 'db.example'}, 'db.example 22', [['ssh', '-T', '-G', '--', 'root@db.example']]],
		['the tunnel\'s jump: its first hop, resolved without the jump', {host: '10.1.0.3', jump: ['bastion', 'inner']}, '192.0.2.7 2222', [
			['ssh', '-T', '-G', '-J', 'bastion,inner', '--', 'root@10.1.0.3'],
			['ssh', '-T', '-G', '--', 'bastion'],
		]],
		['a jump host with user and port', {host: '10.1.0.3', jump: ['ops@jump.example:2200']}, 'jump.example 2200', [
			['ssh', '-T', '-G', '-J', 'ops@jump.example:2200', '--', 'root@10.1.0.3'],
			['ssh', '-T', '-G', '-p', '2200', '--', 'jump.example'],
		]],
		['the ssh config\'s ProxyJump', {host: 'via-config'}, 'cfg-bastion 22', [
			['ssh', '-T', '-G', '--', 'root@via-config'],
			['ssh', '-T', '-G', '--', 'cfg-bastion'],
		]],
	];
	for (const [name, spec, knocked, ran] of cases) {
		const fake = fakeDeps({onStart: argv => sshDashG(argv)});
		const hops: string[] = [];
		const deps = {
			...fake.deps,
			async canConnect(host: string, port: number) {
				hops.push(`${host} ${port}`);
				return {kind: 'open'} as const;
			},
		};
		assert.equal(await waitForNetwork(deps, [fakeTarget(spec)], 1000, new AbortController().signal), true, name);
		assert.deepEqual(hops, [knocked], name);
		assert.deepEqual(fake.record.ssh, ran, name);
	}
});
