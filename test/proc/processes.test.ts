import assert from 'node:assert/strict';
import {execFile, spawn, type ChildProcess} from 'node:child_process';
import {once} from 'node:events';
import {copyFile, mkdtemp, rm, symlink} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {basename, join} from 'node:path';
import {promisify} from 'node:util';
import {afterEach, describe, test} from 'node:test';
import {until} from '../support/wait.js';
import {parseProcStat} from '../../src/proc/proc-text.js';
import {isSameProcess, listProcesses, newProcessMemory, readProcess} from '../../src/proc/processes.js';
import type {ProcessInfo} from '../../src/proc/types.js';

// Every child a test starts is recorded here and killed after the test.
const children: ChildProcess[] = [];
afterEach(() => {
	for (const child of children.splice(0)) {
		child.kill('SIGKILL');
	}
});

function start(command: string, args: readonly string[]): ChildProcess {
	const child = spawn(command, args, {stdio: 'ignore'});
	children.push(child);
	return child;
}

function pidOf(child: ChildProcess): number {
	assert.ok(child.pid, 'child has a pid');
	return child.pid;
}


// Fields 3.. of a real stat line (proc(5)): starttime (field 22) is 44704 here.
const TAIL = '3446 3446 2423 0 -1 4194304 101 0 0 0 0 0 0 0 20 0 1 0 44704 2998272 413 18446744073709551615 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0\n';

describe('parseProcStat', () => {
	const cases: ReadonlyArray<readonly [string, string, string, ProcessInfo['state']]> = [
		['plain', 'ssh', 'S', 'sleeping'],
		['spaces', 'my tunnel', 'R', 'running'],
		['a closing parenthesis', 'a) b', 'T', 'stopped'],
		['a fake stat tail', 'x) S 1 (y', 'Z', 'zombie'],
		['only parentheses', ')(', 't', 'stopped'],
		['empty', '', 'D', 'sleeping'],
		['a newline', 'two\nlines', 'I', 'sleeping'],
		['dead', 'ssh', 'X', 'other'],
	];
	for (const [label, comm, code, state] of cases) {
		test(`comm with ${label}`, () => {
			assert.deepEqual(parseProcStat(`3450 (${comm}) ${code} ${TAIL}`), {
				pid: 3450, comm, state, ppid: 3446, startTicks: '44704',
			});
		});
	}

	test('throws on text that is not a stat line, quoting it', () => {
		assert.throws(() => parseProcStat(''), /not a \/proc\/PID\/stat line: ""/);
		assert.throws(() => parseProcStat('12 (ssh) S 1 2 3'), /not a \/proc\/PID\/stat line/);
		assert.throws(() => parseProcStat(`x (ssh) S ${TAIL}`), /not a \/proc\/PID\/stat line/);
	});
});

describe('readProcess and listProcesses', () => {
	const nodeArgv = [process.execPath, '-e', 'setInterval(() => {}, 1000)', 'an argument with spaces', ''];

	test('listProcesses finds a spawned process with its exact argv', async () => {
		const child = start(nodeArgv[0]!, nodeArgv.slice(1));
		const pid = pidOf(child);
		const all = await listProcesses();
		const found = all.find(info => info.pid === pid);
		assert.ok(found, `pid ${pid} listed among ${all.length}`);
		assert.deepEqual(found.argv, nodeArgv);
		assert.equal(found.name, 'node');
		assert.equal(found.ppid, process.pid);
		assert.equal(found.uid, process.getuid?.());
		assert.ok(found.state === 'running' || found.state === 'sleeping', found.state);
		assert.match(found.startTicks, /^\d+$/);
		assert.ok(found.startedAt, 'startedAt known');
		// btime is whole seconds and starttime is in 10 ms ticks: allow for both roundings.
		assert.ok(Math.abs(found.startedAt.getTime() - Date.now()) < 3000, found.startedAt.toISOString());
		assert.ok(all.some(info => info.pid === process.pid), 'sees itself');
		assert.ok(isSameProcess(found, await readProcess(pid)), 'list and read agree');
	});

	test('readProcess returns undefined for a PID that cannot exist', async () => {
		// PID_MAX_LIMIT is 2^22 (threads.h): no PID is ever above it.
		assert.equal(await readProcess(2 ** 22 + 1), undefined);
		assert.equal(await readProcess(0), undefined);
		assert.equal(await readProcess(-1), undefined);
		assert.equal(await readProcess(1.5), undefined);
	});

	test('a real executable whose name looks like a stat tail', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'tunnels-proc-'));
		try {
			// comm is the executable basename cut to 15 bytes: this one fits whole.
			const program = join(dir, 'x) S 1 (y');
			await copyFile('/bin/sleep', program);
			const pid = pidOf(start(program, ['60']));
			const info = await until(async () => readProcess(pid));
			assert.equal(info.name, 'x) S 1 (y');
			assert.deepEqual(info.argv, [program, '60']);
			assert.equal(info.ppid, process.pid);
		} finally {
			await rm(dir, {recursive: true, force: true});
		}
	});

	test('exec keeps pid and start time but changes argv: isSameProcess says no', async () => {
		const pid = pidOf(start('sh', ['-c', 'sleep 0.3; exec sleep 60']));
		const shell = await until(async () => readProcess(pid));
		assert.deepEqual(shell.argv.slice(0, 2), ['sh', '-c']);
		const execd = await until(async () => {
			const now = await readProcess(pid);
			return now?.argv[0] === 'sleep' ? now : undefined;
		});
		assert.equal(execd.startTicks, shell.startTicks);
		assert.deepEqual(execd.argv, ['sleep', '60']);
		assert.equal(isSameProcess(shell, execd), false);
		assert.equal(isSameProcess(execd, await readProcess(pid)), true);
	});
});

describe('listProcesses with names', () => {
	test('lists a spawned sleep only when its name is asked for, as a full read would', async () => {
		// argv[0] is a path here: the filter compares its basename.
		const pid = pidOf(start('/bin/sleep', ['60']));
		const found = await until(async () => (await listProcesses({names: ['ssh', 'sleep']})).find(info => info.pid === pid));
		assert.deepEqual(found.argv, ['/bin/sleep', '60']);
		assert.equal(found.ppid, process.pid);
		assert.equal(found.uid, process.getuid?.());
		assert.ok(found.startedAt, 'startedAt known');
		assert.ok(isSameProcess(found, await readProcess(pid)), 'filtered and full reads agree');

		const sleeps = await listProcesses({names: ['sleep']});
		assert.ok(sleeps.some(info => info.pid === pid));
		assert.ok(sleeps.every(info => (info.argv[0] === undefined ? info.state === 'zombie' || info.name === 'sleep' : basename(info.argv[0]) === 'sleep')),
			JSON.stringify(sleeps.map(info => info.argv)));
		assert.ok(!sleeps.some(info => info.pid === process.pid), 'node is not a sleep');

		assert.ok(!(await listProcesses({names: ['ssh']})).some(info => info.pid === pid), 'not listed for ssh');
		assert.ok(!(await listProcesses({names: ['slee', 'sleep60', '/bin/sleep']})).some(info => info.pid === pid), 'exact basename only');
		assert.deepEqual(await listProcesses({names: []}), []);
	});

	test('a process whose argv[0] names another program (exec -a) is not listed by that name; a link to the program is', async () => {
		const impostor = pidOf(start('/bin/bash', ['-c', 'exec -a ssh sleep 60']));
		const dir = await mkdtemp(join(tmpdir(), 'tunnels-proc-'));
		try {
			// A symlink named like the program it points to another name of: as named.
			await symlink('/bin/sleep', join(dir, 'nap'));
			const linked = pidOf(start(join(dir, 'nap'), ['60']));
			const read = await until(async () => {
				const info = await readProcess(impostor);
				return info?.argv[0] === 'ssh' ? info : undefined;
			});
			assert.equal(read.program, 'other', 'readProcess says what it is');
			assert.equal(read.name, 'sleep');
			assert.ok(!(await listProcesses({names: ['ssh']})).some(info => info.pid === impostor), 'not an ssh');
			const linkedInfo = await until(async () => readProcess(linked));
			assert.equal(linkedInfo.program, 'as-named');
			assert.ok((await listProcesses({names: ['nap']})).some(info => info.pid === linked), 'listed by its link\'s name');
			assert.equal((await readProcess(process.pid))?.program, 'as-named');
		} finally {
			await rm(dir, {recursive: true, force: true});
		}
	});

	test('a zombie (empty cmdline) is listed by its kernel comm', async () => {
		// As in signal.test.ts: the shell forks `sleep 0.5`, prints its pid, then execs `sleep 60`,
		// which never reaps it: a real zombie whose cmdline is empty.
		const parent = spawn('sh', ['-c', 'sleep 0.5 & echo $!; exec sleep 60'], {stdio: ['ignore', 'pipe', 'ignore']});
		children.push(parent);
		const [line] = await once(parent.stdout!, 'data') as [Buffer];
		const childPid = Number(line.toString());
		await until(async () => ((await readProcess(childPid))?.state === 'zombie' ? true : undefined));

		const sleeps = await listProcesses({names: ['sleep']});
		const zombie = sleeps.find(info => info.pid === childPid);
		assert.ok(zombie, `zombie ${childPid} listed among ${sleeps.length}`);
		assert.equal(zombie.state, 'zombie');
		assert.deepEqual(zombie.argv, []);
		assert.equal(zombie.name, 'sleep');
		assert.equal(zombie.ppid, pidOf(parent));
		const parentInfo = sleeps.find(info => info.pid === pidOf(parent));
		assert.deepEqual(parentInfo?.argv, ['sleep', '60'], 'its live parent is listed too');
		assert.ok(!(await listProcesses({names: ['ssh']})).some(info => info.pid === childPid), 'not a zombie ssh');
	});

	test('a listing keeps a bounded number of files open (no EMFILE under a tight limit)', async () => {
		const pid = pidOf(start('sleep', ['60']));
		// A child node with at most 128 descriptors (soft and hard, so node cannot raise it). It first
		// shows that the limit bites (200 files opened at once fail with EMFILE), then runs a filtered
		// and a full listing at once: unbounded, each would open a file per process (hundreds here).
		const script = `
			import {open} from 'node:fs/promises';
			const {listProcesses} = await import(process.argv[1]);
			const sleepPid = Number(process.argv[2]);
			const opened = await Promise.allSettled(Array.from({length: 200}, () => open('/proc/self/stat')));
			const refused = opened.filter(o => o.status === 'rejected' && o.reason.code === 'EMFILE').length;
			await Promise.all(opened.map(o => (o.status === 'fulfilled' ? o.value.close() : undefined)));
			const named = await Promise.all(Array.from({length: 1}, () => listProcesses({names: ['sleep']})));
			const full = await Promise.all(Array.from({length: 1}, () => listProcesses()));
			console.log(JSON.stringify({
				refused,
				namedFound: named.filter(list => list.some(info => info.pid === sleepPid)).length,
				fullFound: full.filter(list => list.some(info => info.pid === sleepPid)).length,
			}));
		`;
		const moduleUrl = new URL('../../src/proc/processes.js', import.meta.url).href;
		const {stdout} = await promisify(execFile)('sh', [
			'-c', 'ulimit -n 128 && exec "$0" "$@"', process.execPath, '--input-type=module', '-e', script, moduleUrl, String(pid),
		], {timeout: 60_000});
		const result = JSON.parse(stdout) as {refused: number; namedFound: number; fullFound: number};
		assert.ok(result.refused > 0, 'the descriptor limit is in force');
		assert.equal(result.namedFound, 1);
		assert.equal(result.fullFound, 1);
	});
});

describe('listProcesses with a memory (the UI\'s refresh)', {skip: process.platform !== 'linux'}, () => {
	const ours = async (memory: ReturnType<typeof newProcessMemory>, pids: readonly number[]) =>
		(await listProcesses({names: ['sleep'], memory})).filter(info => pids.includes(info.pid)).sort((a, b) => a.pid - b.pid);

	test('says what a full read says, with the state read afresh; forgets a process that is gone', async () => {
		const sleeper = start('/bin/sleep', ['60']);
		const pid = pidOf(sleeper);
		const memory = newProcessMemory();
		// Once asleep: just after its exec it may still read running, and the full read below comes later.
		const first = await until(async () => (await ours(memory, [pid])).find(info => info.state === 'sleeping'));
		assert.ok(memory.has(pid));
		const fresh = (await listProcesses({names: ['sleep']})).find(info => info.pid === pid);
		assert.deepEqual(await ours(memory, [pid]), [fresh]);
		assert.deepEqual(first, fresh);
		process.kill(pid, 'SIGSTOP');
		const stopped = await until(async () => (await ours(memory, [pid])).find(info => info.state === 'stopped'));
		assert.deepEqual(stopped.argv, ['/bin/sleep', '60']);
		sleeper.kill('SIGKILL');
		await once(sleeper, 'exit');
		assert.deepEqual(await ours(memory, [pid]), []);
		assert.equal(memory.has(pid), false, 'forgotten');
	});

	test('an exec in place (same PID and start, new comm) is read again', async () => {
		const shell = spawn('sh', ['-c', 'read line; exec sleep 60'], {stdio: ['pipe', 'ignore', 'ignore']});
		children.push(shell);
		const pid = pidOf(shell);
		const memory = newProcessMemory();
		await until(async () => (memory.has(pid) ? true : (await ours(memory, [pid]), undefined)));
		assert.deepEqual(await ours(memory, [pid]), [], 'a shell is not a sleep');
		shell.stdin!.write('go\n');
		const execd = await until(async () => (await ours(memory, [pid]))[0]);
		assert.deepEqual(execd.argv, ['sleep', '60']);
	});

	test('a remembered process that dies unreaped reads as a zombie, with no argv', async () => {
		const parent = spawn('sh', ['-c', 'sleep 0.5 & echo $!; exec sleep 60'], {stdio: ['ignore', 'pipe', 'ignore']});
		children.push(parent);
		const [line] = await once(parent.stdout!, 'data') as [Buffer];
		const childPid = Number(line.toString());
		const memory = newProcessMemory();
		const alive = (await ours(memory, [childPid]))[0];
		assert.deepEqual(alive?.argv, ['sleep', '0.5'], 'seen alive first');
		const zombie = await until(async () => (await ours(memory, [childPid])).find(info => info.state === 'zombie'));
		assert.deepEqual(zombie.argv, []);
	});
});

describe('isSameProcess', () => {
	const seen: ProcessInfo = {
		pid: 42, ppid: 1, uid: 0, name: 'ssh', argv: ['ssh', '-N', '-L', '8080:localhost:80', '--', 'h'],
		startTicks: '44704', startedAt: undefined, state: 'sleeping', program: 'as-named',
	};
	const cases: ReadonlyArray<readonly [string, ProcessInfo | undefined, boolean]> = [
		['itself', seen, true],
		['a copy with fresh state, ppid and name', {...seen, state: 'running', ppid: 7, name: 'x'}, true],
		['nothing', undefined, false],
		['another pid', {...seen, pid: 43}, false],
		['a reused pid (new start)', {...seen, startTicks: '44705'}, false],
		['another argv', {...seen, argv: ['ssh', '-N', '-L', '8080:localhost:81', '--', 'h']}, false],
		['a shorter argv', {...seen, argv: seen.argv.slice(0, -1)}, false],
		['its zombie (empty cmdline)', {...seen, argv: [], state: 'zombie'}, false],
	];
	for (const [label, now, expected] of cases) {
		test(`${label}: ${expected}`, () => {
			assert.equal(isSameProcess(seen, now), expected);
		});
	}
});
