#!/usr/bin/env node
// Runs one part of the built tests with `node --test`: `node .ci/test.mjs unit`, `... e2e`, or
// `... portable` (npm run test:unit, npm run test:e2e; npm test runs all of dist/test at once, then
// the portable pass).
//
// portable: the end-to-end suites that decide on observed facts (up's verification, status, prune,
// kill's identity checks, watch) a second time with TUNNELS_OBSERVE=portable: ps and lsof instead of
// /proc, the way macOS and the BSDs observe (issue 18). Not the pure-logic ones: CI stays short.
//
// e2e: dist/test/e2e, the tests that run bin/ (which imports dist/bundle): they need the full
// build. unit: everything else, which imports dist/src only, so that `node .ci/build.mjs
// --no-bundle` is enough. (node --test on Node 20 takes no globs: the files are listed here.)
import {spawnSync} from 'node:child_process';
import {readdirSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const part = process.argv[2];
if (part !== 'unit' && part !== 'e2e' && part !== 'portable') {
	process.stderr.write('usage: node .ci/test.mjs unit|e2e|portable [node --test options]\n');
	process.exit(2);
}

const portableSuites = new Set([
	'tunnels-up-down', 'tunnels-status', 'tunnels-failures', 'prune', 'wrong-kills', 'impostor', 'forwards-unix',
	'remote-binding', 'watch-faults', 'doctor',
].map(name => `e2e/${name}.test.js`));

const testDirectory = path.join(root, 'dist', 'test');
const files = readdirSync(testDirectory, {recursive: true})
	.map(file => file.split(path.sep).join('/'))
	.filter(file => file.endsWith('.test.js'))
	.filter(file => (part === 'portable' ? portableSuites.has(file) : file.startsWith('e2e/') === (part === 'e2e')))
	.sort();
if (part === 'portable' && files.length !== portableSuites.size) {
	process.stderr.write(`portable pass: missing ${[...portableSuites].filter(file => !files.includes(file)).join(', ')}\n`);
	process.exit(2);
}

const env = part === 'portable' ? {...process.env, TUNNELS_OBSERVE: 'portable'} : process.env;
const result = spawnSync(process.execPath, ['--test', ...process.argv.slice(3), ...files.map(file => path.join(testDirectory, file))], {stdio: 'inherit', env});
process.exit(result.status ?? 1);
