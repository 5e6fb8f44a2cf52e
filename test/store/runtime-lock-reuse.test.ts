import assert from 'node:assert/strict';
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {test} from 'node:test';
import {execa} from 'execa';

const systemModule = fileURLToPath(new URL('../../src/core/system.js', import.meta.url));

// Runs as PID 1 of a new PID namespace (unshare --mount-proc, so /proc is the namespace's): a
// holder takes the start lock and is killed (SIGKILL leaves the file), then its PID is handed to
// another process (ns_last_pid, proc(5)), which is alive but not the holder. Prints what a new
// `up` gets: the lock, or "held by" the stranger.
const scenario = `
import {spawn} from 'node:child_process';
import {mkdirSync, writeFileSync} from 'node:fs';
const {systemDeps} = await import(${JSON.stringify(systemModule)});
const directory = process.argv[1];
mkdirSync(directory + '/.state', {recursive: true});
const runtime = () => systemDeps({socketDirectory: directory, socketBase: directory}, process.getuid()).runtime;
const holderCode = 'const {systemDeps} = await import(process.argv[1]);'
	+ 'const lock = await systemDeps({socketDirectory: process.argv[2], socketBase: process.argv[2]}, process.getuid()).runtime.tryLock("db");'
	+ 'process.stdout.write(lock.kind); setInterval(() => {}, 1000);';
const holder = spawn(process.execPath, ['--input-type=module', '-e', holderCode, ${JSON.stringify(systemModule)}, directory], {stdio: ['ignore', 'pipe', 'inherit']});
const taken = await new Promise(resolve => holder.stdout.once('data', chunk => resolve(String(chunk))));
holder.kill('SIGKILL');
await new Promise(resolve => holder.once('exit', resolve));
let stranger;
for (let attempt = 0; attempt < 20 && stranger?.pid !== holder.pid; attempt++) {
	stranger?.kill('SIGKILL');
	writeFileSync('/proc/sys/kernel/ns_last_pid', String(holder.pid - 1));
	stranger = spawn('sleep', ['30'], {stdio: 'ignore'});
}
const reused = stranger.pid === holder.pid;
const lock = await runtime().tryLock('db');
stranger.kill('SIGKILL');
process.stdout.write(JSON.stringify({taken, reused, after: lock.kind}));
process.exit(0);
`;

test('a start lock whose holder died is taken over even when its PID now belongs to another process', {timeout: 30_000}, async t => {
	if (process.getuid?.() !== 0) {
		t.skip('needs root: a new PID namespace (unshare) to hand a dead holder\'s PID to another process');
		return;
	}

	const directory = await mkdtemp(path.join(os.tmpdir(), 'tunnels-reuse-'));
	try {
		const run = await execa('unshare', ['--pid', '--fork', '--mount-proc', process.execPath, '--input-type=module', '-e', scenario, directory], {reject: false, timeout: 20_000});
		if (run.exitCode !== 0 && /unshare failed|Operation not permitted/.test(run.stderr)) {
			t.skip(`cannot make a PID namespace here: ${run.stderr}`);
			return;
		}

		assert.equal(run.exitCode, 0, run.stderr);
		const result = JSON.parse(run.stdout) as {taken: string; reused: boolean; after: string};
		assert.equal(result.taken, 'acquired', 'the holder took the lock');
		assert.equal(result.reused, true, 'the holder\'s PID went to another process');
		assert.equal(result.after, 'acquired', 'a stranger with the holder\'s PID does not hold the lock');
	} finally {
		await rm(directory, {recursive: true, force: true});
	}
});
