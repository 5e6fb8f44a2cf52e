import assert from 'node:assert/strict';
import {test} from 'node:test';
import {pastedCommandSpec} from '../../src/import/pasted-command.js';

test('pastedCommandSpec: words after -- or one quoted line give the same entry, named by host and first port', () => {
	const expected = {kind: 'ok', spec: {host: '10.1.0.2', user: 'root', local: ['9906:10.1.0.2:3306']}, baseName: '10.1.0.2-9906'};
	assert.deepEqual(pastedCommandSpec(['ssh', '-f', '-N', '-L', '9906:10.1.0.2:3306', 'root@10.1.0.2'], {allowCommands: false}), expected);
	assert.deepEqual(pastedCommandSpec(['/usr/bin/ssh -f -N -L 9906:10.1.0.2:3306 root@10.1.0.2'], {allowCommands: false}), expected);
	assert.deepEqual(pastedCommandSpec(['ssh -R 9906:10.1.0.2:3306 root@10.1.0.1'], {allowCommands: false}), {kind: 'ok', spec: {host: '10.1.0.1', user: 'root', remote: ['9906:10.1.0.2:3306']}, baseName: '10.1.0.1-9906'});
});

test('pastedCommandSpec: each refusal as a cause', () => {
	assert.deepEqual(pastedCommandSpec([], {allowCommands: false}), {kind: 'refused', refusal: {kind: 'no-command'}});
	assert.deepEqual(pastedCommandSpec(['scp x y'], {allowCommands: false}), {kind: 'refused', refusal: {kind: 'not-ssh', program: 'scp'}});
	assert.deepEqual(pastedCommandSpec(['ssh -L 1:a:2 "h'], {allowCommands: false}), {kind: 'refused', refusal: {kind: 'unsplittable', message: 'a double quote is not closed'}});
	assert.deepEqual(pastedCommandSpec(['ssh -L'], {allowCommands: false}), {kind: 'refused', refusal: {kind: 'bad-arguments', message: 'option -L needs a value'}});
	assert.deepEqual(pastedCommandSpec(['ssh -L 1:a:2 h uptime'], {allowCommands: false}), {
		kind: 'refused',
		refusal: {kind: 'unrepresentable', message: '`uptime` is a remote command; a tunnel runs none', hint: 'paste the command without it (tunnels always runs ssh -N)'},
	});
});
