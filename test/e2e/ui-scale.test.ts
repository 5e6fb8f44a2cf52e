// The UI at 80x24 with 40 tunnels, in a real terminal against a real sshd: the last tunnel reached,
// started and seen up; a filter and a bulk stop; a batch of keys moves that many rows; quitting leaves
// the shell's screen and scrollback as they were (the raw output never clears the scrollback).
import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, describe, test} from 'node:test';
import {freePort, roundTrip} from '../support/echo-server.js';
import {isAlive, until} from '../support/processes.js';
import {openTerminal, type Terminal} from '../support/terminal.js';
import {useWorld} from '../support/tunnels.js';

const T = {timeout: 150_000};
const names = Array.from({length: 40}, (_, index) => `t-${String(index).padStart(2, '0')}`);

describe('the UI at 80x24 with 40 tunnels', () => {
	const setup = useWorld();
	let terminal: Terminal | undefined;
	afterEach(async () => {
		await terminal?.close();
		terminal = undefined;
	});

	test('G, start the last, g, filter, bulk stop, a batch of keys, quit with the scrollback intact', T, async () => {
		const {world, echo} = setup();
		const ports = await Promise.all(names.map(async () => freePort()));
		await world.setTunnels(Object.fromEntries(names.map((name, index) => [name, {host: 'testhost', local: [`${ports[index]}:127.0.0.2:${echo.port}`]}])));
		const record = path.join(world.sandbox.dir, 'terminal.raw');
		const history = Array.from({length: 30}, (_, index) => `shell history line ${index}`);
		terminal = await openTerminal(world.sandbox.env, {width: 80, height: 24, before: history, record});

		const first = await terminal.waitFor(/› ○ down +t-00/);
		assert.match(first.split('\n')[0]!, /^tunnels · /, 'the title is the first line');

		// G goes to the last row: the group outside the profile, when other ssh tunnels run on this
		// machine (other tests'), comes after the profile's; the last tunnel is then a few rows up.
		await terminal.send(['G']);
		await terminal.waitFor(/^› .*(t-39|outside|Running outside|other file|orphan)/m);
		for (let step = 0; step < 8 && !/› ○ down +t-39/.test(await terminal.screen()); step++) {
			await terminal.send(['k']);
			await new Promise(resolve => setTimeout(resolve, 150));
		}

		const last = await terminal.waitFor(/› ○ down +t-39/);
		assert.match(last.split('\n')[0]!, /^tunnels · /, 'the title stays on the first line');
		assert.match(last, /STATE +NAME +FORWARD/, 'the column header stays');

		await terminal.send(['Enter']);
		await terminal.waitFor(/› ● up +t-39/, 30_000);
		const [pid] = world.masters('t-39');
		assert.ok(pid, 'one ssh runs for t-39');
		assert.equal(await roundTrip('127.0.0.1', ports[39]!, 'through the last row'), 'through the last row');

		await terminal.send(['g']);
		await terminal.waitFor(/› ○ down +t-00/);

		await terminal.send(['/']);
		await terminal.send(['t-3'], {literal: true});
		await terminal.send(['Enter']);
		const filtered = await terminal.waitFor(/filter: t-3\n[\s\S]*› ○ down +t-30/);
		assert.doesNotMatch(filtered, /t-29|t-00/, 'only the matching rows');

		await terminal.send(['-']);
		await terminal.waitFor(/stop this tunnel\?[\s\S]*t-39[\s\S]*y \/ n/);
		await terminal.send(['y']);
		await terminal.waitFor(/○ down +t-39/, 30_000);
		assert.ok(await until(() => !isAlive(pid), 10_000), 'the bulk stop ended its ssh');

		// Esc clears the filter (the selection stays on its row); then seven j in one write move exactly seven rows.
		await terminal.send(['Escape']);
		await terminal.waitFor(/^ {2}○ down +t-29/m);
		await terminal.send(['g']);
		await terminal.waitFor(/› ○ down +t-00/);
		await terminal.send(['jjjjjjj'], {literal: true});
		await terminal.waitFor(/› ○ down +t-07/);
		await new Promise(resolve => setTimeout(resolve, 500));
		assert.match(await terminal.screen(), /› ○ down +t-07/, 'and no further');

		await terminal.send(['q']);
		assert.ok(await until(async () => !(await terminal!.running()), 5000), 'q quits');
		const after = await terminal.screen();
		assert.match(after, /shell history line 29/, 'the shell\'s screen is back');
		assert.doesNotMatch(after, /tunnels · |STATE +NAME/, 'no frame left behind');
		const raw = await readFile(record, 'latin1');
		assert.ok(raw.includes('\u001B[?1049h') && raw.includes('\u001B[?1049l'), 'the UI drew on the alternate screen and left it');
		assert.ok(!raw.includes('\u001B[3J'), 'the scrollback was never cleared (ESC[3J)');
		assert.ok(!raw.includes('\u001B[2J'), 'nor the screen (ESC[2J)');
	});
});
