// `tunnels print NAME` against `node -e 0` in the same run, alternating, so that machine load hits both.
// Run: npm run build && node dist/bench/print.js [rounds]
import path from 'node:path';
import process from 'node:process';
import {execa} from 'execa';
import {binPath, fixturesDirectory} from '../test/support/paths.js';
import {median, ms, percentile, printTable, timeMs} from './stats.js';

const rounds = Number(process.argv[2] ?? 30);
const config = path.join(fixturesDirectory, 'profiles', 'scenarios.yaml');
const env = {...process.env, TUNNELS_RUNTIME_DIR: '/tmp/tunnels-bench'};
const baseline: number[] = [];
const print: number[] = [];
for (let round = 0; round < rounds; round++) {
	baseline.push(await timeMs(async () => execa(process.execPath, ['-e', '0'])));
	print.push(await timeMs(async () => execa(process.execPath, [binPath, '--config', config, 'print', 'mysql-b'], {env})));
}

printTable(`tunnels print vs node -e 0, ${rounds} rounds each, alternating`, [
	['command', 'median', 'p90'],
	['node -e 0', ms(median(baseline)), ms(percentile(baseline, 0.9))],
	['tunnels print mysql-b', ms(median(print)), ms(percentile(print, 0.9))],
	['difference (target < 100 ms)', ms(median(print) - median(baseline)), ''],
]);
