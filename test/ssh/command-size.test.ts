import assert from 'node:assert/strict';
import {test} from 'node:test';
import {commandLineTooLong, maxArgumentBytes, maxCommandLineBytes} from '../../src/ssh/command-size.js';

test('a command line the kernel would refuse (E2BIG): one argument too long, or the whole, counted in bytes', () => {
	assert.equal(commandLineTooLong(['ssh', '-N', '--', 'host']), undefined);
	assert.equal(commandLineTooLong(['ssh', 'a'.repeat(maxArgumentBytes)]), undefined, 'at the limit');
	assert.deepEqual(commandLineTooLong(['ssh', 'a'.repeat(maxArgumentBytes + 1)]), {kind: 'command-line-too-long', scope: 'argument', bytes: maxArgumentBytes + 1, limitBytes: maxArgumentBytes});
	assert.deepEqual(commandLineTooLong(['ssh', 'é'.repeat(70_000)]), {kind: 'command-line-too-long', scope: 'argument', bytes: 140_000, limitBytes: maxArgumentBytes}, 'bytes, not characters');
	const forwards = Array.from({length: 60_000}, (_, index) => ['-L', `${10_000 + index}:127.0.0.2:3306`]).flat();
	const whole = commandLineTooLong(['ssh', ...forwards, '--', 'host']);
	assert.equal(whole?.scope, 'whole');
	assert.ok(whole !== undefined && whole.bytes > maxCommandLineBytes && whole.limitBytes === maxCommandLineBytes);
});
