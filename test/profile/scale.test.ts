// A large profile loads in time proportional to its size (issue 13, item 17): a 100k-tunnel file had
// printed nothing after 120 s because yaml's uniqueKeys check and the listener-clash search compared
// every key and every claim with all the earlier ones.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseProfile} from '../../src/profile/parse.js';
import {warnAboutListeners} from '../../src/profile/claims.js';
import {forward, testPaths, tunnel} from '../support/builders.js';

/** A profile of `count` tunnels, each on its own port. */
function profileText(count: number): string {
	const lines = ['tunnels:'];
	for (let index = 0; index < count; index++) {
		lines.push(`  t${index}:`, '    host: db.example', `    local: [${10_000 + index}:db:5432]`);
	}

	return `${lines.join('\n')}\n`;
}

/** The fastest of three loads, in milliseconds: one slow moment on a shared machine is not the code. */
function loadTime(text: string): number {
	let best = Number.POSITIVE_INFINITY;
	for (let round = 0; round < 3; round++) {
		const started = performance.now();
		const parsed = parseProfile(text, 'big.yaml', {isRoot: true, paths: testPaths});
		best = Math.min(best, performance.now() - started);
		assert.equal(parsed.kind, 'ok');
	}

	return best;
}

test('loading grows with the file, not its square: 8x the tunnels cost about 8x the time, and 16k load in 1.6 s at most', () => {
	const small = loadTime(profileText(2000));
	const large = loadTime(profileText(16_000));
	// Linear is 8x; yaml's uniqueKeys made it about 20x (its share alone grows 64x).
	assert.ok(large < small * 14, `2k tunnels took ${Math.round(small)} ms, 16k took ${Math.round(large)} ms: not linear`);
	assert.ok(large < 1600, `16k tunnels took ${Math.round(large)} ms: 10k should load well under a second`);
});

test('the listener clash search is linear: 20k tunnels, all on port 80 of one of 250 addresses, are checked at once and each warned about once', () => {
	const tunnels = Array.from({length: 20_000}, (_, index) => tunnel({name: `t${index}`, local: [forward({bind: `127.0.0.${(index % 250) + 2}`, port: 80})]}));
	const warnings: string[] = [];
	const started = performance.now();
	warnAboutListeners(tunnels, true, (name, _path, message) => warnings.push(`${name}: ${message}`));
	const took = performance.now() - started;
	assert.equal(warnings.length, 20_000 - 250);
	assert.equal(warnings.at(-1), 't19999: port 80 is also claimed by tunnel `t249` (local[0]): only one can run at a time');
	// Comparing each claim with all the earlier ones took 5 s here.
	assert.ok(took < 1000, `20k tunnels' listeners took ${Math.round(took)} ms`);
});

test('duplicate keys are still refused, at the line of the second, in block and flow maps at any depth', () => {
	const cases: Array<[string, number]> = [
		['tunnels:\n  a:\n    host: h\n    local: [1:a:2]\ntunnels:\n  b: {}\n', 5],
		['tunnels:\n  a:\n    host: h\n    local: [1:a:2]\n  a:\n    host: h\n    local: [1:a:2]\n', 5],
		['tunnels:\n  a:\n    host: h\n    local: [1:a:2]\n    host: g\n', 5],
		['tunnels:\n  a: {host: h, local: [1:a:2], host: g}\n', 2],
		['tunnels:\n  a:\n    host: h\n    local: [1:a:2]\n    options: {ServerAliveInterval: 5, ServerAliveInterval: 6}\n', 5],
	];
	for (const [text, line] of cases) {
		const parsed = parseProfile(text, 'p.yaml', {isRoot: true, paths: testPaths});
		assert.deepEqual(parsed.kind === 'invalid' ? parsed.issues.map(issue => [issue.line, issue.message]) : parsed, [[line, 'YAML: Map keys must be unique']], text);
	}
});
