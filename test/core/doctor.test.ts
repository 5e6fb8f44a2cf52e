import assert from 'node:assert/strict';
import {test} from 'node:test';
import {runDoctor, type Verdict} from '../../src/core/doctor.js';
import type {ChannelProbe} from '../../src/proc/ssh.js';
import {tunnel} from '../support/builders.js';
import {fakeDeps} from '../support/fake-deps.js';

/** The test channel's verdict when the channel fails with this stderr (ssh's, debug lines left out as probeChannel does). */
async function testChannel(stderr: string): Promise<Verdict | undefined> {
	const fake = fakeDeps();
	const deps = {...fake.deps, probeChannel: async (): Promise<ChannelProbe> => ({kind: 'failed', stderr})};
	const named = tunnel({host: '10.1.0.3', jump: ['10.1.0.2']});
	const lines = await runDoctor(deps, {ssh: {sshBinary: 'ssh', sshConfigFile: undefined}, profile: {kind: 'loaded', path: '/p', tunnels: [named], warnings: []}, named});
	return lines.at(-1)?.verdict;
}

test('the test channel: a jump host that cannot reach the server is not the target refusing', async () => {
	const cases: Array<[string, string, Verdict]> = [
		['the target refuses, from the server', 'channel 0: open failed: connect failed: Connection refused\r\nstdio forwarding failed',
			{kind: 'warn', cause: {kind: 'target-refused', target: '10.1.0.2:3306', said: 'Connection refused'}}],
		['the jump host cannot reach the server', 'channel 0: open failed: connect failed: Connection refused\r\nstdio forwarding failed\r\nkex_exchange_identification: Connection closed by remote host\r\nConnection closed by UNKNOWN port 65535',
			{kind: 'fail', cause: {kind: 'ssh-failed', failure: {kind: 'jump-failed', said: 'connect failed: Connection refused', line: 'channel 0: open failed: connect failed: Connection refused'}}}],
		['the jump host allows no forwarding', 'channel 0: open failed: administratively prohibited: open failed\r\nstdio forwarding failed\r\nkex_exchange_identification: Connection closed by remote host\r\nConnection closed by UNKNOWN port 65535',
			{kind: 'fail', cause: {kind: 'ssh-failed', failure: {kind: 'jump-failed', said: 'administratively prohibited: open failed', line: 'channel 0: open failed: administratively prohibited: open failed'}}}],
		['the server allows no forwarding', 'channel 0: open failed: administratively prohibited: open failed\r\nstdio forwarding failed',
			{kind: 'fail', cause: {kind: 'forwarding-prohibited'}}],
	];
	for (const [name, stderr, verdict] of cases) {
		assert.deepEqual(await testChannel(stderr), verdict, name);
	}
});
