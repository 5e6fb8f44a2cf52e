// `tunnels print NAME` against `node -e 0` in the same run, alternating, so that machine load hits
// both: for the fixture profile and for a profile of 200 tunnels, each after two untimed runs (the
// first makes the runtime directory, the second keeps the parsed profile: profile/parse-cache.ts),
// so what is timed is the cached path every later command takes. With BENCH_BEFORE_BIN=path/to/bin/tunnels.js
// the same commands of another build (main's) alternate in the loop: before and after in one run.
// Run: npm run build && node dist/bench/print.js [rounds]    (default 30)
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {execa} from 'execa';
import {binPath, fixturesDirectory} from '../test/support/paths.js';
import {median, ms, percentile, printTable, timeMs} from './stats.js';
import {countArgument, loadLine} from './support.js';

const rounds = countArgument('rounds', 30, 500);
const beforeBin = process.env['BENCH_BEFORE_BIN'];
const loadBefore = loadLine();
const directory = await mkdtemp(path.join(os.tmpdir(), 'tunnels-bench-print-'));
try {
	const large = path.join(directory, 'large.yaml');
	await writeFile(large, `tunnels:\n${Array.from({length: 200}, (_, index) => `  t${String(index + 1).padStart(3, '0')}:\n    host: db${index % 7}.example\n    local: [${20_000 + index}:localhost:5432]\n`).join('')}`, {mode: 0o600});
	// Each build its own runtime directory: the cache keeps one entry per profile file, of one build.
	const runtime = (build: string) => ({...process.env, TUNNELS_RUNTIME_DIR: path.join(directory, `run-${build}`)});
	const cases = [
		{label: 'print mysql-b', args: ['--config', path.join(fixturesDirectory, 'profiles', 'scenarios.yaml'), 'print', 'mysql-b']},
		{label: 'print t100 (200 tunnels)', args: ['--config', large, 'print', 't100']},
	];
	const builds = [{name: 'after', bin: binPath}, ...(beforeBin === undefined ? [] : [{name: 'before', bin: beforeBin}])];
	const runs = builds.flatMap(build => cases.map(({label, args}) => ({label: `${label}${beforeBin === undefined ? '' : ` (${build.name})`}`, run: async () => execa(process.execPath, [build.bin, ...args], {env: runtime(build.name)}), samples: [] as number[]})));
	for (const {run} of runs) {
		await run();
		await run();
	}

	const baseline: number[] = [];
	for (let round = 0; round < rounds; round++) {
		baseline.push(await timeMs(async () => execa(process.execPath, ['-e', '0'])));
		for (const {run, samples} of runs) {
			samples.push(await timeMs(run));
		}
	}

	printTable(`tunnels print vs node -e 0, ${rounds} rounds each, alternating`, [
		['command', 'median', 'p90', 'over node -e 0 (target < 60 ms)'],
		['node -e 0', ms(median(baseline)), ms(percentile(baseline, 0.9)), ''],
		...runs.map(({label, samples}) => [label, ms(median(samples)), ms(percentile(samples, 0.9)), ms(median(samples) - median(baseline))]),
	]);
	console.log(`${loadBefore} before; ${loadLine()} after`);
} finally {
	await rm(directory, {recursive: true, force: true});
}
