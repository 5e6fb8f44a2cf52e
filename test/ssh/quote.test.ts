import assert from 'node:assert/strict';
import {test} from 'node:test';
import {quoteArgument, quoteCommand, splitCommandLine} from '../../src/ssh/quote.js';

test('quotes only what a shell would otherwise change', () => {
	assert.equal(quoteArgument('9906:10.1.0.2:3306'), '9906:10.1.0.2:3306');
	assert.equal(quoteArgument('root@10.1.0.2'), 'root@10.1.0.2');
	assert.equal(quoteArgument('ControlPath=/tmp/tunnels-0/db'), 'ControlPath=/tmp/tunnels-0/db');
	assert.equal(quoteArgument(''), '\'\'');
	assert.equal(quoteArgument('[::1]:1:h:2'), '\'[::1]:1:h:2\'');
	assert.equal(quoteArgument('~/.ssh/id'), '\'~/.ssh/id\'');
	assert.equal(quoteArgument('it\'s $HOME'), '\'it\'\\\'\'s $HOME\'');
});

test('splitting a quoted command gives back the argv', () => {
	const argv = ['ssh', '-o', 'ProxyCommand=nc -x p:1 %h %p', '-L', '[::1]:1:h:2', 'it\'s', ''];
	assert.deepEqual(splitCommandLine(quoteCommand(argv)), {kind: 'ok', words: argv});
});

test('splits pasted commands like a shell, refusing what would make a shell do more', () => {
	assert.deepEqual(splitCommandLine('ssh -f \\\n  -N "a b"  c\\ d'), {kind: 'ok', words: ['ssh', '-f', '-N', 'a b', 'c d']});
	assert.deepEqual(splitCommandLine('ssh -o "X=\\"q\\""'), {kind: 'ok', words: ['ssh', '-o', 'X="q"']});
	const refusals: Array<[string, string]> = [
		['ssh host; rm -rf /', '`;` would make a shell do more than run ssh; paste the ssh command alone'],
		['ssh $(whoami)@host', '`$` would make a shell do more than run ssh; paste the ssh command alone'],
		['ssh "$HOST"', '`$` inside double quotes would make a shell expand it; paste the expanded value'],
		['ssh \'host', 'a single quote is not closed'],
		['ssh "host', 'a double quote is not closed'],
	];
	for (const [line, message] of refusals) {
		assert.deepEqual(splitCommandLine(line), {kind: 'error', message}, line);
	}
});
