import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, test} from 'node:test';
import {chooseBackend} from '../../src/proc/backend.js';
import {sameStart} from '../../src/proc/identity.js';
import {isSameProcess} from '../../src/proc/processes.js';
import {parsePs, parseUcomm, programFromUcomm, readWithPs} from '../../src/proc/ps.js';
import {readFromProc} from '../../src/proc/procfs.js';
import type {ProcessInfo} from '../../src/proc/types.js';
import {fixturesDirectory} from '../support/paths.js';

const fixture = (name: string) => readFileSync(path.join(fixturesDirectory, 'observe', name), 'utf8');

describe('parsePs: ps -A -ww -o pid=,ppid=,uid=,lstart=,stat=,command= (TZ=UTC, LC_ALL=C)', () => {
	test('Linux (procps), captured: a live ssh master, its server, a zombie', () => {
		const byPid = new Map(parsePs(fixture('linux-ps.txt')).map(info => [info.pid, info]));
		assert.equal(byPid.size, 5);
		const master = byPid.get(10_994)!;
		assert.deepEqual({...master, argv: master.argv.slice(0, 3)}, {
			pid: 10_994, ppid: 1, uid: 0, name: 'ssh', argv: ['ssh', '-F', '/tmp/tunnels-sshd-HFpvwN/ssh_config'],
			startTicks: '2026-11-29T20:29:27.000Z', startedAt: new Date('2026-11-29T20:29:27Z'), startPrecision: 'second', state: 'sleeping', program: 'unknown',
		});
		assert.equal(master.argv.at(-1), 'testhost');
		assert.equal(master.argv.length, 23);
		assert.deepEqual([byPid.get(11_192)!.state, byPid.get(11_192)!.argv, byPid.get(11_192)!.name], ['zombie', [], 'sleep']);
		assert.equal(byPid.get(1)!.argv[0], '/process_api');
	});

	test('macOS, from ps(1): a day of one digit, U and Z states, both zombie spellings', () => {
		const byPid = new Map(parsePs(fixture('macos-ps.txt')).map(info => [info.pid, info]));
		assert.deepEqual(byPid.get(1)!.startedAt, new Date('2026-12-01T09:05:03Z'));
		assert.equal(byPid.get(812)!.argv.includes('ControlPath=/Users/ann/.tunnels/run/db.sock'), true);
		assert.deepEqual([byPid.get(977)!.state, byPid.get(977)!.name], ['zombie', '']);
		assert.deepEqual([byPid.get(978)!.state, byPid.get(978)!.name, byPid.get(978)!.argv], ['zombie', 'ssh', []]);
		assert.equal(byPid.get(1203)!.name, '-zsh');
		assert.equal(byPid.get(1310)!.state, 'sleeping');
	});

	test('a line it cannot read is an error naming the line', () => {
		assert.throws(() => parsePs('  12 1 0 yesterday S ssh\n'), /unexpected line from ps: "  12 1 0 yesterday S ssh"/);
		assert.throws(() => parsePs('  12 1 0 Sun Foo 29 20:29:27 2026 S ssh\n'), /unexpected line from ps/);
		assert.deepEqual(parsePs('\n'), []);
	});

	test('ps and /proc agree on this process (pid, parent, user, argv, start to the second)', async () => {
		const [fromPs, fromProc] = await Promise.all([readWithPs(process.pid), readFromProc(process.pid)]);
		assert.ok(fromPs !== undefined && fromProc !== undefined);
		assert.deepEqual([fromPs.pid, fromPs.ppid, fromPs.uid, fromPs.argv.join(' ')], [fromProc.pid, fromProc.ppid, fromProc.uid, fromProc.argv.join(' ')]);
		// /proc's start is boot time (whole seconds) plus ticks; ps rounds the same sum: within a second.
		assert.ok(Math.abs(fromPs.startedAt!.getTime() - fromProc.startedAt!.getTime()) <= 1000, `${fromPs.startedAt?.toISOString()} vs ${fromProc.startedAt?.toISOString()}`);
		assert.equal(fromPs.program, fromProc.program);
		assert.equal(await readWithPs(2 ** 22 + 12_345), undefined);
	});
});

describe('the program a process runs, from the kernel\'s name (ps -o pid=,ucomm=)', () => {
	test('parsed by PID; a name may hold spaces', () => {
		assert.deepEqual([...parseUcomm('    1 process_api\n21355 bash\n  77 tmux: server\n').entries()], [[1, 'process_api'], [21_355, 'bash'], [77, 'tmux: server']]);
		assert.throws(() => parseUcomm('bash\n'), /unexpected line from ps: "bash"/);
	});

	const cases: ReadonlyArray<readonly [string | undefined, string | undefined, string]> = [
		['ssh', 'ssh', 'as-named'],
		['/usr/bin/ssh', 'ssh', 'as-named'],
		// `exec -a ssh python3 …`: the impostor of test/e2e/impostor.test.ts
		['ssh', 'python3', 'other'],
		// the kernel keeps 15 bytes of the name (16 on macOS)
		['/opt/bin/a-very-long-program-name', 'a-very-long-pro', 'as-named'],
		['/opt/bin/a-very-long-program-name', 'a-very-long-program-name', 'as-named'],
		['ssh', undefined, 'unknown'],
		[undefined, 'ssh', 'unknown'],
	];
	for (const [argv0, ucomm, expected] of cases) {
		test(`argv[0] ${argv0}, ucomm ${ucomm}: ${expected}`, () => {
			assert.equal(programFromUcomm(argv0, ucomm), expected);
		});
	}
});

describe('isSameProcess with a start known to the second (ps)', () => {
	const seen: ProcessInfo = {
		pid: 812, ppid: 1, uid: 501, name: 'ssh', argv: ['ssh', '-f', '-N', '--', 'h'],
		startTicks: '2026-12-01T09:06:41.000Z', startedAt: new Date('2026-12-01T09:06:41Z'), startPrecision: 'second', state: 'sleeping', program: 'unknown',
	};
	const cases: ReadonlyArray<readonly [string, ProcessInfo, boolean]> = [
		['itself, read again', {...seen, state: 'running'}, true],
		['another parent (a PID reused within the second)', {...seen, ppid: 640}, false],
		['another user', {...seen, uid: 502}, false],
		['another start second', {...seen, startTicks: '2026-12-01T09:06:42.000Z'}, false],
		['a start ps could not give', {...seen, startTicks: ''}, false],
	];
	for (const [label, now, expected] of cases) {
		test(`${label}: ${expected}`, () => {
			assert.equal(isSameProcess(seen, now), expected);
		});
	}

	test('an unknown start is never the same, even read twice alike', () => {
		const unknown = {...seen, startTicks: ''};
		assert.equal(isSameProcess(unknown, unknown), false);
	});
});

describe('chooseBackend', () => {
	const cases: ReadonlyArray<readonly [string | undefined, NodeJS.Platform, string]> = [
		[undefined, 'linux', 'proc platform'],
		['', 'linux', 'proc platform'],
		[undefined, 'darwin', 'portable platform'],
		[undefined, 'freebsd', 'portable platform'],
		['portable', 'linux', 'portable forced'],
		['proc', 'linux', 'proc forced'],
	];
	for (const [value, platform, expected] of cases) {
		test(`TUNNELS_OBSERVE=${value} on ${platform}: ${expected}`, () => {
			const chosen = chooseBackend(value, platform);
			assert.equal(`${chosen.kind} ${chosen.chosenBy}`, expected);
		});
	}

	test('a value it does not know, or /proc where there is none, is an error naming the variable', () => {
		assert.throws(() => chooseBackend('lsof', 'linux'), /TUNNELS_OBSERVE must be proc or portable \(or unset\), not "lsof"/);
		assert.throws(() => chooseBackend('proc', 'darwin'), /TUNNELS_OBSERVE=proc needs Linux's \/proc; this is darwin/);
	});
});

describe('sameStart: a lock holder\'s recorded start against the one read now', () => {
	const cases: ReadonlyArray<readonly [string, string, boolean]> = [
		['960089', '960089', true],
		['960089', '960090', false],
		['2026-11-29T20:29:15.000Z', '2026-11-29T20:29:15.000Z', true],
		['2026-11-29T20:29:15.000Z', '2026-11-29T20:29:16.000Z', false],
		// written under one backend, read under the other: not comparable, so not taken for dead
		['960089', '2026-11-29T20:29:15.000Z', true],
		['2026-11-29T20:29:15.000Z', '960089', true],
	];
	for (const [recorded, now, expected] of cases) {
		test(`${recorded} then ${now}: ${expected}`, () => {
			assert.equal(sameStart(recorded, now), expected);
		});
	}
});
