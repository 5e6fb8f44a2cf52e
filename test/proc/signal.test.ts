import assert from 'node:assert/strict';
import {execFile, spawn, type ChildProcess} from 'node:child_process';
import {once} from 'node:events';
import {afterEach, describe, test} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import {until} from '../support/wait.js';
import {promisify} from 'node:util';
import {isSameProcess, listProcesses, readProcess} from '../../src/proc/processes.js';
import type {ProcessInfo} from '../../src/proc/types.js';
import {terminateVerified, waitGone} from '../../src/proc/signal.js';

// Every child a test starts is recorded here and killed after the test.
const children: ChildProcess[] = [];
afterEach(() => {
	for (const child of children.splice(0)) {
		child.kill('SIGKILL');
	}
});

function start(command: string, args: readonly string[]): ChildProcess {
	const child = spawn(command, args, {stdio: ['ignore', 'pipe', 'inherit']});
	children.push(child);
	return child;
}


async function observed(child: ChildProcess): Promise<ProcessInfo> {
	assert.ok(child.pid, 'child has a pid');
	const pid = child.pid;
	return until(async () => readProcess(pid));
}

/** The signal that ended `child`, once Node has reaped it. */
async function endingSignal(child: ChildProcess): Promise<NodeJS.Signals | null> {
	if (child.exitCode === null && child.signalCode === null) {
		await once(child, 'exit');
	}

	return child.signalCode;
}

describe('terminateVerified', () => {
	test('sleep dies of SIGTERM', async () => {
		const child = start('sleep', ['60']);
		const seen = await observed(child);
		assert.deepEqual(await terminateVerified(seen, {graceMs: 2000}), {kind: 'gone', by: 'SIGTERM'});
		assert.equal(await endingSignal(child), 'SIGTERM');
	});

	test('a process that ignores SIGTERM is killed after the grace', async () => {
		const child = start(process.execPath, ['-e',
			'process.on("SIGTERM", () => {}); setInterval(() => {}, 1000); console.log("ready")']);
		// Only once the handler is installed does SIGTERM stop killing it.
		await once(child.stdout!, 'data');
		const seen = await observed(child);
		const started = performance.now();
		assert.deepEqual(await terminateVerified(seen, {graceMs: 300}), {kind: 'gone', by: 'SIGKILL'});
		assert.ok(performance.now() - started >= 300, 'waited out the grace');
		assert.equal(await endingSignal(child), 'SIGKILL');
	});

	test('a stopped process that handles SIGTERM gets to run its handler (SIGCONT follows)', async () => {
		// An unhandled SIGTERM kills even a stopped process; a handled one (ssh handles it) waits
		// for SIGCONT, so without it this would end in SIGKILL after the grace.
		const child = start(process.execPath, ['-e',
			'process.on("SIGTERM", () => process.exit(7)); setInterval(() => {}, 1000); console.log("ready")']);
		await once(child.stdout!, 'data');
		const pid = (await observed(child)).pid;
		process.kill(pid, 'SIGSTOP');
		const seen = await until(async () => {
			const now = await readProcess(pid);
			return now?.state === 'stopped' ? now : undefined;
		});
		assert.deepEqual(await terminateVerified(seen, {graceMs: 1000}), {kind: 'gone', by: 'SIGTERM'});
		await endingSignal(child);
		assert.equal(child.exitCode, 7, 'exited from its own handler');
	});

	test('refuses when start time or argv no longer match, and the process lives on', async () => {
		const child = start('sleep', ['60']);
		const seen = await observed(child);
		const reused = {...seen, startTicks: String(Number(seen.startTicks) - 1)};
		const execd = {...seen, argv: ['ssh', '-N', '--', 'host']};
		assert.deepEqual(await terminateVerified(reused, {graceMs: 100}), {kind: 'identity-changed'});
		assert.deepEqual(await terminateVerified(execd, {graceMs: 100}), {kind: 'identity-changed'});
		await delay(100);
		assert.ok(isSameProcess(seen, await readProcess(seen.pid)), 'still the same live process');
		assert.equal(child.exitCode, null);
		assert.equal(child.signalCode, null);
	});

	test('a process already gone', async () => {
		const child = start('sleep', ['60']);
		const seen = await observed(child);
		child.kill('SIGKILL');
		await endingSignal(child);
		assert.deepEqual(await terminateVerified(seen), {kind: 'gone', by: 'already'});
	});

	test('a zombie is reported, not signalled, and its parent is left alone', async () => {
		// The shell forks `sleep 0.5`, prints its pid, then execs `sleep 60`, which never reaps it:
		// a real zombie whose parent is our `sleep 60`.
		const parent = start('sh', ['-c', 'sleep 0.5 & echo $!; exec sleep 60']);
		const [line] = await once(parent.stdout!, 'data') as [Buffer];
		const childPid = Number(line.toString());
		// Until it execs, the forked child is still a copy of the shell.
		const alive = await until(async () => {
			const now = await readProcess(childPid);
			return now?.argv[0] === 'sleep' ? now : undefined;
		});
		assert.deepEqual(alive.argv, ['sleep', '0.5']);
		const parentPid = (await observed(parent)).pid;
		const zombie = await until(async () => {
			const now = await readProcess(childPid);
			return now?.state === 'zombie' ? now : undefined;
		});
		assert.equal(zombie.ppid, parentPid);
		assert.equal(zombie.startTicks, alive.startTicks);
		assert.deepEqual(zombie.argv, [], 'a zombie has no cmdline');
		const listed = (await listProcesses()).find(info => info.pid === childPid);
		assert.equal(listed?.state, 'zombie', 'listProcesses sees zombies too');
		const parentBefore = await observed(parent);
		assert.deepEqual(parentBefore.argv, ['sleep', '60']);

		assert.deepEqual(await terminateVerified(alive), {kind: 'zombie'});
		assert.deepEqual(await terminateVerified(zombie), {kind: 'zombie'});
		assert.equal(await waitGone(alive, 0), true, 'a zombie counts as gone');
		assert.equal((await readProcess(alive.pid))?.state, 'zombie');
		assert.ok(isSameProcess(parentBefore, await readProcess(parentPid)), 'parent untouched');
		assert.equal(parent.exitCode, null);
		assert.equal(parent.signalCode, null);
	});

	test('EPERM: another user may not signal our process', {skip: process.getuid?.() !== 0 && 'needs root to switch user'}, async () => {
		const child = start('sleep', ['60']);
		const seen = await observed(child);
		const script = `const {terminateVerified} = await import(${JSON.stringify(new URL('../../src/proc/signal.js', import.meta.url).href)});
			const seen = ${JSON.stringify(seen)};
			console.log(JSON.stringify(await terminateVerified(seen, {graceMs: 100})));`;
		const {stdout} = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {uid: 65_534, gid: 65_534});
		assert.deepEqual(JSON.parse(stdout), {kind: 'not-permitted'});
		assert.ok(isSameProcess(seen, await readProcess(seen.pid)), 'still alive');
	});
});

describe('waitGone', () => {
	test('times out, bounded, on a live process', async () => {
		const child = start('sleep', ['60']);
		const seen = await observed(child);
		const started = performance.now();
		assert.equal(await waitGone(seen, 100), false);
		const elapsed = performance.now() - started;
		assert.ok(elapsed >= 100 && elapsed < 1000, `took ${elapsed} ms`);
	});

	test('returns true soon after the process exits', async () => {
		const child = start('sleep', ['0.2']);
		const seen = await observed(child);
		const started = performance.now();
		assert.equal(await waitGone(seen, 5000), true);
		assert.ok(performance.now() - started < 1000);
	});

	test('returns true at once when the PID no longer holds the same process', async () => {
		const child = start('sleep', ['60']);
		const seen = await observed(child);
		assert.equal(await waitGone({...seen, argv: ['other']}, 5000), true);
	});
});
