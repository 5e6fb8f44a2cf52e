// The UI beside the login service's supervisor (`tunnels watch --service`, as the unit runs it): the
// UI starts no second ssh for a tunnel the service keeps, and says who keeps it. tmux for the
// terminal, the real sshd on 127.0.0.1; every wait is bounded, and the world's cleanup stops what is left.
import assert from 'node:assert/strict';
import {afterEach, describe, test} from 'node:test';
import {setTimeout as sleep} from 'node:timers/promises';
import {freePort} from '../support/echo-server.js';
import {openTerminal, type Terminal} from '../support/terminal.js';
import {useWorld} from '../support/tunnels.js';
import {startWatch} from '../support/watcher.js';

const T = {timeout: 90_000};

describe('the UI and the service', () => {
	const setup = useWorld();
	let terminal: Terminal | undefined;
	afterEach(async () => {
		await terminal?.close();
		terminal = undefined;
	});

	test('a tunnel the service keeps: the UI says kept by the service (pid N) and starts no second ssh', T, async () => {
		const {world, echo} = setup();
		const port = await freePort();
		await world.setTunnels({kept: {host: 'testhost', restart: 'always', local: [`${port}:127.0.0.2:${echo.port}`]}});
		const service = startWatch(world, ['--json', '--service']);
		try {
			const started = await service.waitFor(event => event.kind === 'started' && event.name === 'kept', 20_000);
			terminal = await openTerminal(world.sandbox.env);
			await terminal.waitFor(new RegExp(`kept by the service \\(pid ${service.pid}\\)`), 20_000);
			await sleep(2000);
			assert.deepEqual(world.masters('kept'), [started.pid], 'one ssh, the service\'s');
			await terminal.send(['q']);
		} finally {
			await service.stop('SIGTERM');
		}
	});
});
