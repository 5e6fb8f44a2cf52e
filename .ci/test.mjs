#!/usr/bin/env node
// Runs one part of the built tests with `node --test`: `node .ci/test.mjs unit` or `... e2e`
// (npm run test:unit, npm run test:e2e; npm test runs all of dist/test at once).
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
if (part !== 'unit' && part !== 'e2e') {
	process.stderr.write('usage: node .ci/test.mjs unit|e2e [node --test options]\n');
	process.exit(2);
}

const testDirectory = path.join(root, 'dist', 'test');
const files = readdirSync(testDirectory, {recursive: true})
	.map(file => file.split(path.sep).join('/'))
	.filter(file => file.endsWith('.test.js'))
	.filter(file => file.startsWith('e2e/') === (part === 'e2e'))
	.sort();
const result = spawnSync(process.execPath, ['--test', ...process.argv.slice(3), ...files.map(file => path.join(testDirectory, file))], {stdio: 'inherit'});
process.exit(result.status ?? 1);
