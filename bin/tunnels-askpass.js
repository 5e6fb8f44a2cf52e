#!/usr/bin/env node
// The SSH_ASKPASS program of the tunnels UI: ssh runs it with its prompt as the only argument.
import process from 'node:process';
import {askpassMain} from '../dist/src/askpass/client.js';

process.exitCode = await askpassMain(process.argv[2] ?? '', {
	env: process.env,
	stdout: text => process.stdout.write(text),
	stderr: text => process.stderr.write(text),
	parentPid: () => process.ppid,
});
