#!/usr/bin/env node
// The CLI, bundled (dist/bundle): one file per lazily loaded part instead of hundreds of modules,
// which halves the time to the UI's first frame (bench/ui.ts).
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {main} from '../dist/bundle/cli.js';

process.exitCode = await main(process.argv.slice(2), {
	askpassHelper: fileURLToPath(new URL('tunnels-askpass.js', import.meta.url)),
	program: fileURLToPath(import.meta.url),
});
