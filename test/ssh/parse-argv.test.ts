import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseDestination, parseSshArgv} from '../../src/ssh/parse-argv.js';

test('reads bundled flags, attached values and options after the destination, as ssh does', () => {
	assert.deepEqual(parseSshArgv(['-g', '-f', '-NL', '0.0.0.0:23306:192.168.4.94:3306', 'user@host']), {kind: 'ok', invocation: {
		flags: ['g', 'f', 'N'],
		values: [{flag: 'L', value: '0.0.0.0:23306:192.168.4.94:3306'}],
		destination: 'user@host',
		command: [],
	}});
	assert.deepEqual(parseSshArgv(['-gfNL9906:a:1', '-oServerAliveInterval=5', 'h', '-p', '2222', 'uptime', '-L', 'x']), {kind: 'ok', invocation: {
		flags: ['g', 'f', 'N'],
		values: [{flag: 'L', value: '9906:a:1'}, {flag: 'o', value: 'ServerAliveInterval=5'}, {flag: 'p', value: '2222'}],
		destination: 'h',
		command: ['uptime', '-L', 'x'],
	}});
});

test('`--` ends the options: what follows the destination is a command', () => {
	assert.deepEqual(parseSshArgv(['-N', '--', 'h', '-L', '1:a:2']), {kind: 'ok', invocation: {
		flags: ['N'], values: [], destination: 'h', command: ['-L', '1:a:2'],
	}});
});

test('unknown letters and missing values are errors naming the option', () => {
	assert.deepEqual(parseSshArgv(['-Z', 'h']), {kind: 'error', message: 'ssh has no option -Z'});
	assert.deepEqual(parseSshArgv(['h', '-L']), {kind: 'error', message: 'option -L needs a value'});
});

test('destinations split at the last @, and ssh:// URIs carry a port', () => {
	assert.deepEqual(parseDestination('root@10.1.0.2'), {user: 'root', host: '10.1.0.2', port: undefined});
	assert.deepEqual(parseDestination('me@corp@gate'), {user: 'me@corp', host: 'gate', port: undefined});
	assert.deepEqual(parseDestination('alias'), {user: undefined, host: 'alias', port: undefined});
	assert.deepEqual(parseDestination('ssh://me@example.com:2222'), {user: 'me', host: 'example.com', port: 2222});
	assert.deepEqual(parseDestination('ssh://[::1]:22/'), {user: undefined, host: '::1', port: 22});
	assert.equal(parseDestination('ssh://a:b:c'), undefined);
});
