// Runs every benchmark in sequence, each in its own Node process (each cleans up after itself).
// Run: npm run bench    (npm run build && node dist/bench/run.js)
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';

const here = path.dirname(fileURLToPath(import.meta.url));
const benchmarks = ['print.js', 'up.js', 'jump.js', 'ls.js', 'config-discovery.js', 'ui.js', 'watch.js', 'watch-follow.js', 'bind-names.js', 'socks.js', 'profile-load.js', 'log-cost.js'];
const failed: string[] = [];
// Ctrl-C reaches the running benchmark too (same process group), which stops and cleans up: wait
// for it, then run no more.
let interrupted = false;
process.on('SIGINT', () => {
	interrupted = true;
});
for (const file of benchmarks) {
	if (interrupted) break;
	console.log(`\n=== ${file.replace(/\.js$/, '')} ===`);
	// A bound far above a normal run (up: ~1 min, ls and watch: a few minutes on a busy 2-core machine).
	const result = await execa(process.execPath, [path.join(here, file)], {stdio: 'inherit', reject: false, timeout: 15 * 60_000, killSignal: 'SIGINT', forceKillAfterDelay: 120_000});
	if (result.exitCode !== 0) failed.push(`${file} (${result.timedOut ? 'timed out' : `exit ${result.exitCode ?? result.signal}`})`);
}

if (failed.length > 0) {
	console.error(`\nfailed: ${failed.join(', ')}`);
	process.exitCode = 1;
}
