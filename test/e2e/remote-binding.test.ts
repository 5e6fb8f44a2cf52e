// Which address the server really bound for a -R with a non-loopback bind, told from the server's
// side through the tunnel's own master: sshd also listens on 127.0.0.2 and the tunnel reaches it
// there, so "the server's own address" is 127.0.0.2, distinct from the loopback it binds by default.
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {canConnect, freePort, startEchoServer} from '../support/echo-server.js';
import {startSshd} from '../support/sshd.js';
import {createWorld} from '../support/tunnels.js';

const T = {timeout: 60_000};

describe('up and check tell where the server bound a -R forward', () => {
	for (const gatewayPorts of ['no', 'yes'] as const) {
		test(`GatewayPorts ${gatewayPorts}`, T, async () => {
			const [sshd, echo] = await Promise.all([startSshd({gatewayPorts, extraConfig: ['ListenAddress 127.0.0.2']}), startEchoServer('127.0.0.2')]);
			const world = await createWorld(sshd);
			try {
				const port = await freePort('0.0.0.0');
				// The known host key is filed under the harness's name for it.
				await world.setTunnels({exposed: {host: '127.0.0.2', options: {HostKeyAlias: `[127.0.0.1]:${sshd.port}`}, remote: [`0.0.0.0:${port}:127.0.0.2:${echo.port}`]}});
				const up = await world.run(['up', 'exposed']);
				assert.equal(up.exitCode, 0, up.stderr);
				const check = JSON.parse((await world.run(['check', 'exposed', '--json'])).stdout) as {steps: Array<{label: string; result: {kind: string; detail: string}}>};
				const binding = check.steps.find(step => step.label === `server binding of 0.0.0.0:${port}`);
				if (gatewayPorts === 'no') {
					assert.match(up.stderr, new RegExp(`^ {2}the server bound it on loopback only \\(127\\.0\\.0\\.2:${port} refuses\\): its sshd does not allow GatewayPorts$`, 'm'));
					assert.equal(binding?.result.kind, 'fail');
					assert.equal(await canConnect('127.0.0.2', port, 500), false);
				} else {
					assert.match(up.stderr, new RegExp(`^ {2}the server listens on 127\\.0\\.0\\.2:${port}: reachable beyond its loopback$`, 'm'));
					assert.equal(binding?.result.kind, 'pass');
					assert.equal(await canConnect('127.0.0.2', port, 500), true);
				}
			} finally {
				await world.dispose();
				await Promise.allSettled([sshd.dispose(), echo.close()]);
			}
		});
	}
});
