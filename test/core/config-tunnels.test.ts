import assert from 'node:assert/strict';
import {test} from 'node:test';
import {discoverConfigTunnels, type ConfigDeps} from '../../src/core/config-tunnels.js';
import {describeSkippedHost} from '../../src/present/ssh-config.js';
import type {ConfigFileTree} from '../../src/ssh-config/candidates.js';
import {scanConfig} from '../../src/ssh-config/hosts.js';

/** Deps over one config text; `ssh -G HOST` answers from `dumps` (exit 255 for a host not there). Records what ran. */
function fake(text: string | undefined, dumps: Record<string, string>) {
	const asked: string[] = [];
	const tree: ConfigFileTree | undefined = text === undefined ? undefined : {file: '/h/.ssh/config', text, statements: scanConfig(text), included: new Map()};
	const deps: ConfigDeps = {
		readSshConfig: async () => (tree === undefined ? {kind: 'none'} : {kind: 'read', tree}),
		async querySsh(argv) {
			const host = argv.at(-1)!;
			asked.push(argv.join(' '));
			const dump = dumps[host];
			return dump === undefined
				? {exitCode: 255, stdout: '', stderr: `/h/.ssh/config line 9: Bad configuration option: bogus\r\n/h/.ssh/config: terminating\r\n`, timedOut: false}
				: {exitCode: 0, stdout: `host ${host}\nuser me\nhostname ${host}.lan\nport 22\n${dump}`, stderr: '', timedOut: false};
		},
	};
	return {deps, asked};
}

const ssh = {sshBinary: 'ssh', sshConfigFile: '/h/.ssh/config'};

test('no config, or no forward line in it: no ssh runs', async () => {
	for (const text of [undefined, 'Host a b c\n  HostName x\n']) {
		const {deps, asked} = fake(text, {});
		assert.deepEqual(await discoverConfigTunnels(deps, ssh), {tunnels: [], skipped: [], refused: undefined});
		assert.deepEqual(asked, []);
	}

	const {deps, asked} = fake('Host a\n  LocalForward 1 x:2\n', {a: ''});
	assert.deepEqual(await discoverConfigTunnels(deps, {...ssh, sshConfigFile: 'NONE'}), {tunnels: [], skipped: [], refused: undefined});
	assert.deepEqual(asked, []);
});

test('ssh -G for each host a forward line can reach, once per name; its answer decides', async () => {
	const text = 'Host db\n  LocalForward 9906 10.1.0.2:3306\nHost web db\n  HostName w\nHost *.prod cache bad sock space\n  RemoteForward 9000 localhost:80\nHost other';
	const {deps, asked} = fake(text, {db: 'localforward 9906 [10.1.0.2]:3306\n', cache: '', sock: 'localforward /tmp/s [x]:1\n', space: 'localforward /tmp/a b [x]:1\n'});
	const found = await discoverConfigTunnels(deps, ssh);
	assert.deepEqual(asked, ['db', 'cache', 'bad', 'sock', 'space'].map(host => `ssh -F /h/.ssh/config -T -G -- ${host}`));
	assert.deepEqual(found.tunnels.map(tunnel => [tunnel.name, tunnel.source]), [
		['ssh:db', {kind: 'ssh-config', file: '/h/.ssh/config', line: 1, route: 'me@db.lan:22'}],
		['ssh:sock', {kind: 'ssh-config', file: '/h/.ssh/config', line: 5, route: 'me@sock.lan:22'}],
	]);
	assert.deepEqual(found.skipped.map(host => describeSkippedHost(host)), [
		'/h/.ssh/config:5: Host bad is not listed: ssh -G failed: /h/.ssh/config line 9: Bad configuration option: bogus',
		'/h/.ssh/config:5: Host space is not listed: LocalForward /tmp/a b [x]:1: tunnels cannot check this kind of forward',
	]);
});
