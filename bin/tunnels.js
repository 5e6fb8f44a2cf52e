#!/usr/bin/env node
// The CLI, bundled (dist/bundle): one file per lazily loaded part instead of hundreds of modules,
// which halves the time to the UI's first frame (bench/ui.ts), and one file of its own for each verb
// that runs often (src/entry.ts picks the file for argv).
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {runCommandLine} from '../dist/bundle/entry.js';

process.exitCode = await runCommandLine(process.argv.slice(2), {
	askpassHelper: fileURLToPath(new URL('tunnels-askpass.js', import.meta.url)),
	program: fileURLToPath(import.meta.url),
});
