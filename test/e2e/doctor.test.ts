// `tunnels doctor` against real sshds: one that allows forwarding and one that does not, a user's
// ssh config that adds a LocalForward, and a profile file its group can write.
import assert from 'node:assert/strict';
import {chmod, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, test} from 'node:test';
import {startSshd} from '../support/sshd.js';
import {startEchoServer} from '../support/echo-server.js';
import {createWorld} from '../support/tunnels.js';

const T = {timeout: 60_000};

type Line = {label: string; verdict: {kind: string; detail: string}};

describe('tunnels doctor', () => {
	test('a server that allows forwarding passes; a user config that adds a forward is a warning; a group-writable profile fails', T, async () => {
		const [sshd, echo] = await Promise.all([startSshd(), startEchoServer('127.0.0.2')]);
		const world = await createWorld(sshd);
		try {
			await world.setTunnels({db: {host: 'testhost', local: [`19806:127.0.0.2:${echo.port}`]}});
			const ok = await world.run(['doctor', 'db', '--json']);
			assert.equal(ok.exitCode, 0, ok.stdout + ok.stderr);
			const lines = JSON.parse(ok.stdout) as Line[];
			assert.deepEqual(lines.map(line => line.verdict.kind), ['pass', 'pass', 'pass', 'pass', 'pass', 'pass', 'pass']);
			assert.match(lines[0]!.verdict.detail, /^OpenSSH_\d+\.\d+/);
			assert.deepEqual(lines[2], {label: `ssh config file ${sshd.sshConfigFile}`, verdict: {kind: 'pass', detail: 'exists and can be read'}});
			// the backend in use: /proc on Linux unless the run forces the portable one (CI's second pass)
			assert.match(lines[4]!.verdict.detail, process.env['TUNNELS_OBSERVE'] === 'portable' ? /^read with ps and lsof \(portable\), as TUNNELS_OBSERVE says; lsof found$/ : /^read from \/proc, .*; lsof (found|not found)$/);
			assert.equal(lines[6]!.verdict.detail, 'the server allows forwarding and the target answers');

			// A user's config that adds a forward for the host: ssh would set it up in the tunnel too.
			const withForward = path.join(world.sandbox.dir, 'ssh_config_forward');
			await writeFile(withForward, `Host testhost\n  LocalForward 19807 127.0.0.2:1\nInclude ${sshd.sshConfigFile}\n`, {mode: 0o600});
			const warned = await world.run(['doctor', '--json'], {TUNNELS_SSH_CONFIG: withForward});
			const config = (JSON.parse(warned.stdout) as Line[]).find(line => line.label === 'ssh config for db (testhost)');
			assert.equal(config?.verdict.kind, 'warn');
			assert.match(config?.verdict.detail ?? '', /adds LocalForward 19807 \[127\.0\.0\.2\]:1 for this host/);

			await chmod(world.sandbox.profile, 0o660);
			const shared = await world.run(['doctor']);
			assert.equal(shared.exitCode, 1);
			assert.match(shared.stdout, /^FAIL {2}profile file .*: .* is writable by its group: refusing to run ssh from it\n {6}fix: run: chmod go-w /m);
		} finally {
			await world.dispose();
			await Promise.allSettled([sshd.dispose(), echo.close()]);
		}
	});

	test('a server with AllowTcpForwarding no fails the test channel: administratively prohibited', T, async () => {
		const [sshd, echo] = await Promise.all([startSshd({allowTcpForwarding: 'no'}), startEchoServer('127.0.0.2')]);
		const world = await createWorld(sshd);
		try {
			await world.setTunnels({db: {host: 'testhost', local: [`19808:127.0.0.2:${echo.port}`]}});
			const result = await world.run(['doctor', 'db']);
			assert.equal(result.exitCode, 1);
			assert.match(result.stdout, /^FAIL {2}forwarding on db \(test channel to 127\.0\.0\.2:\d+\): the server does not allow port forwarding \(administratively prohibited\)\n {6}fix: ask for AllowTcpForwarding yes/m);
		} finally {
			await world.dispose();
			await Promise.allSettled([sshd.dispose(), echo.close()]);
		}
	});
});
