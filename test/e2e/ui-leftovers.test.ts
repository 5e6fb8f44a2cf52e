// What a UI leaves behind when it cannot clean up (SIGKILL): the next UI removes it.
import assert from 'node:assert/strict';
import {readdir} from 'node:fs/promises';
import path from 'node:path';
import {test} from 'node:test';
import os from 'node:os';
import {socketDirectoryPath} from '../../src/mux/control-path.js';
import {createSandbox} from '../support/cli.js';
import {readProc, signal} from '../support/processes.js';
import {openTerminal, type Terminal} from '../support/terminal.js';
import {until} from '../support/wait.js';

/** The askpass sockets under the runtime directory's `.state/`, by the PID in their names. */
async function askpassPids(runtime: string): Promise<number[]> {
	const names = await readdir(path.join(runtime, '.state')).catch(() => []);
	return names.flatMap(name => {
		const match = /^askpass-(\d+)\.sock$/.exec(name);
		return match ? [Number(match[1])] : [];
	});
}

test('a UI killed with SIGKILL leaves its askpass socket; the next UI removes it', {timeout: 60_000}, async () => {
	const sandbox = await createSandbox({TUNNELS_SSH_CONFIG: 'none'});
	const terminals: Terminal[] = [];
	try {
		// The profile's own directory inside TUNNELS_RUNTIME_DIR.
		const runtime = socketDirectoryPath({env: sandbox.env, uid: process.getuid?.() ?? 0, tmpdir: os.tmpdir(), profilePath: sandbox.profile}).directory;
		terminals.push(await openTerminal(sandbox.env));
		await terminals[0]!.waitFor(/q quit/);
		const [first] = await until(async () => {
			const pids = await askpassPids(runtime);
			return pids.length > 0 ? pids : undefined;
		}, 10_000, () => 'the first UI never made its askpass socket');
		assert.ok(first !== undefined && readProc(first)?.argv.some(arg => arg.endsWith('tunnels.js')), 'the socket is named after the UI process');
		signal(first, 'SIGKILL');
		await until(async () => ((await terminals[0]!.running()) ? undefined : true), 5000, () => 'the first UI did not die');
		assert.deepEqual(await askpassPids(runtime), [first], 'SIGKILL leaves the socket behind');

		terminals.push(await openTerminal(sandbox.env));
		await terminals[1]!.waitFor(/q quit/);
		const second = await until(async () => {
			const pids = await askpassPids(runtime);
			return pids.some(pid => pid !== first) ? pids : undefined;
		}, 10_000, () => 'the second UI never made its askpass socket');
		assert.ok(!second.includes(first), `the dead UI's socket is gone (left: ${second.join(', ')})`);

		// A third UI while the second is open: the live UI's socket answers, and stays.
		terminals.push(await openTerminal(sandbox.env));
		await terminals[2]!.waitFor(/q quit/);
		const third = await until(async () => {
			const pids = await askpassPids(runtime);
			return pids.length === 2 ? pids : undefined;
		}, 10_000, () => 'the third UI never made its askpass socket');
		assert.ok(second.every(pid => third.includes(pid)), 'the open UI keeps its socket');
		await Promise.all(terminals.slice(1).map(async terminal => terminal.send(['q'])));
	} finally {
		await Promise.all(terminals.map(async terminal => terminal.close()));
		await sandbox.dispose();
	}
});
