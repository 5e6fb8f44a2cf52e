#!/usr/bin/env node
// The SSH_ASKPASS program of the tunnels UI: ssh runs it with its prompt as the only argument.
// Bundled like the CLI (dist/bundle/askpass.js, see .ci/build.mjs): it loads none of the CLI.
import process from 'node:process';
import {askpassMain} from '../dist/bundle/askpass.js';

process.exitCode = await askpassMain(process.argv[2] ?? '', {
	env: process.env,
	stdout: text => process.stdout.write(text),
	stderr: text => process.stderr.write(text),
	parentPid: () => process.ppid,
});
