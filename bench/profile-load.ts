// How loading a profile grows with its size (issue 13, item 17): parse and validate 1k, 4k and 16k
// tunnels, and the listener-clash search over 5k and 20k tunnels on one port of 250 addresses,
// each the fastest of `rounds`. Linear growth is 4x per step; the quadratic checks it replaced
// gave about 20x for 2k -> 16k and took 5 s for 20k clashes. Beside each parse, the same profile
// taken from the cache of its parse (profile/parse-cache.ts: what every command whose profile did
// not change does, issue 17). No processes, no network.
// Run: npm run build && node dist/bench/profile-load.js [rounds]    (default 5)
import process from 'node:process';
import {warnAboutListeners} from '../src/profile/claims.js';
import {parseProfile} from '../src/profile/parse.js';
import {cachedParse, cacheEntryFor, recordingEnv} from '../src/profile/parse-cache.js';
import {forward, testPaths, tunnel} from '../test/support/builders.js';
import {ms, printTable} from './stats.js';
import {countArgument} from './support.js';

const rounds = countArgument('rounds', 5, 50);

function profileText(count: number): string {
	const lines = ['tunnels:'];
	for (let index = 0; index < count; index++) {
		lines.push(`  t${index}:`, '    host: db.example', `    local: [${10_000 + index}:db:5432]`);
	}

	return `${lines.join('\n')}\n`;
}

function fastest(run: () => void): number {
	let best = Number.POSITIVE_INFINITY;
	for (let round = 0; round < rounds; round++) {
		const started = performance.now();
		run();
		best = Math.min(best, performance.now() - started);
	}

	return best;
}

const loads = [200, 1000, 4000, 16_000].map(count => {
	const text = profileText(count);
	const input = {text, file: 'big.yaml', context: {isRoot: true, paths: testPaths}, build: 'bench', platform: process.platform};
	const recording = recordingEnv(testPaths.env);
	const entry = cacheEntryFor(input, recording.read(), parseProfile(text, 'big.yaml', {isRoot: true, paths: {...testPaths, env: recording.env}}));
	if (entry === undefined) throw new Error('the profile was not kept');
	return {
		count,
		took: fastest(() => {
			if (parseProfile(text, 'big.yaml', {isRoot: true, paths: testPaths}).kind !== 'ok') throw new Error('the profile did not load');
		}),
		cached: fastest(() => {
			if (cachedParse(entry, input) === undefined) throw new Error('the cache missed');
		}),
	};
});
const clashes = [5000, 20_000].map(count => {
	const tunnels = Array.from({length: count}, (_, index) => tunnel({name: `t${index}`, local: [forward({bind: `127.0.0.${(index % 250) + 2}`, port: 80})]}));
	return {count, took: fastest(() => warnAboutListeners(tunnels, true, () => undefined))};
});
const growth = (list: ReadonlyArray<{readonly took: number}>, index: number) => (index === 0 ? '' : `${(list[index]!.took / list[index - 1]!.took).toFixed(1)}x`);
printTable(`profile load (parse + validate), and from the cache, fastest of ${rounds}`, [
	['tunnels', 'parse', 'growth (linear: 4x)', 'cache hit', 'hit / parse'],
	...loads.map((load, index) => [String(load.count), ms(load.took), index === 0 ? '' : growth(loads.slice(1), index - 1), ms(load.cached), `${(load.cached / load.took).toFixed(2)}x`]),
]);
printTable(`listener clash search, one port on 250 addresses, fastest of ${rounds}`, [['tunnels', 'time', 'growth (linear: 4x)'], ...clashes.map((clash, index) => [String(clash.count), ms(clash.took), growth(clashes, index)])]);
