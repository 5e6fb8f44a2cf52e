// A large profile loads whole and right (issue 13, item 17): a 100k-tunnel file had printed nothing
// after 120 s because yaml's uniqueKeys check and the listener-clash search compared every key and
// every claim with all the earlier ones. How the time grows is bench/profile-load.ts's table.
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

test('16k tunnels load, every one of them', () => {
	const parsed = parseProfile(profileText(16_000), 'big.yaml', {isRoot: true, paths: testPaths});
	assert.equal(parsed.kind === 'ok' && parsed.profile.tunnels.length, 16_000);
	assert.equal(parsed.kind === 'ok' && parsed.profile.tunnels.at(-1)?.name, 't15999');
});

test('the listener clash search over 20k tunnels, all on port 80 of one of 250 addresses, warns about each once, naming the first claimant', () => {
	const tunnels = Array.from({length: 20_000}, (_, index) => tunnel({name: `t${index}`, local: [forward({bind: `127.0.0.${(index % 250) + 2}`, port: 80})]}));
	const warnings: string[] = [];
	warnAboutListeners(tunnels, true, (name, _path, message) => warnings.push(`${name}: ${message}`));
	assert.equal(warnings.length, 20_000 - 250);
	assert.equal(warnings.at(-1), 't19999: port 80 is also claimed by tunnel `t249` (local[0]): only one can run at a time');
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
