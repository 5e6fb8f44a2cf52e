import assert from 'node:assert/strict';
import {test} from 'node:test';
import {candidateLines, complete, type Completion} from '../../src/completion/complete.js';
import type {CommandTree, OptionSpec} from '../../src/completion/tree.js';

const flag = (...flags: string[]): OptionSpec => ({flags, value: {kind: 'none'}});
const help = flag('-h', '--help');
const json = flag('--json');

/** A small copy of the real CLI's shape; from-commander.test.ts checks the real one. */
const tree: CommandTree = {
	options: [flag('-V', '--version'), {flags: ['--config'], value: {kind: 'file'}}, {flags: ['--ssh'], value: {kind: 'file'}}, help],
	commands: [
		{names: ['ls', 'status'], options: [json, help], operands: []},
		{names: ['print'], options: [flag('--minimal'), json, help], operands: [{value: {kind: 'tunnel-name'}, variadic: false}]},
		{names: ['prune'], options: [flag('-y', '--yes'), help], operands: []},
		{names: ['up'], options: [flag('--all'), json, help], operands: [{value: {kind: 'tunnel-name'}, variadic: true}]},
		{names: ['import'], options: [{flags: ['--name'], value: {kind: 'text'}}, help], operands: [{value: {kind: 'other'}, variadic: true}]},
		{names: ['export'], options: [{flags: ['--as'], value: {kind: 'choice', choices: ['systemd', 'launchd', 'ssh-config']}}, help], operands: [{value: {kind: 'tunnel-name'}, variadic: false}]},
		{names: ['completion'], options: [help], operands: [{value: {kind: 'choice', choices: ['bash', 'zsh', 'fish']}, variadic: false}]},
	],
};

const words = (...list: string[]): Completion => ({kind: 'words', words: list});
const names = (prefix: string, exclude: string[] = [], optionValues: Array<[string, string]> = []): Completion =>
	({kind: 'tunnel-names', prefix, exclude, optionValues: new Map(optionValues)});
const files: Completion = {kind: 'files'};

test('complete: commands, options, tunnel names and option values at the cursor', () => {
	const cases: Array<[string[], Completion]> = [
		// Commands and their aliases at the first position.
		[[], words('ls', 'status', 'print', 'prune', 'up', 'import', 'export', 'completion')],
		[[''], words('ls', 'status', 'print', 'prune', 'up', 'import', 'export', 'completion')],
		[['pr'], words('print', 'prune')],
		[['st'], words('status')],
		[['x'], words()],
		// Program options before the command, and an unknown one is passed over.
		[['--config', 'a.yaml', 'pr'], words('print', 'prune')],
		[['--json', 'pr'], words('print', 'prune')],
		[['-'], words('-V', '--version', '--config', '--ssh', '-h', '--help')],
		[['--c'], words('--config')],
		// A command's own options first, then the program's; help only once.
		[['up', '--'], words('--all', '--json', '--help', '--version', '--config', '--ssh')],
		[['prune', '-'], words('-y', '--yes', '-h', '--help', '-V', '--version', '--config', '--ssh')],
		[['up', 'db', '--a'], words('--all')],
		// Tunnel names: a variadic argument leaves out the names already typed, a single one takes one.
		[['up', ''], names('')],
		[['up', 'my'], names('my')],
		[['up', 'db', 'web', ''], names('', ['db', 'web'])],
		[['up', '--all', 'db', '--json', 'w'], names('w', ['db'])],
		[['print', ''], names('')],
		[['print', 'db', ''], words()],
		[['status', ''], words()],
		[['export', 'db', ''], words()],
		// `--` ends options: what follows is an operand even when it looks like one.
		[['up', '--', '-x', ''], names('', ['-x'])],
		[['up', '--', '--a'], names('--a', [])],
		[['import', '--', 'ssh', '-'], words()],
		// --config on the line, as two words, as one, or split at `=` by bash.
		[['--config', 'a.yaml', 'up', ''], names('', [], [['--config', 'a.yaml']])],
		[['up', '--config=a.yaml', 'd'], names('d', [], [['--config', 'a.yaml']])],
		[['--config', '=', 'a.yaml', 'up', ''], names('', [], [['--config', 'a.yaml']])],
		[['--config', '=', 'a.yaml', '--ssh', '/bin/ssh', 'up', ''], names('', [], [['--config', 'a.yaml'], ['--ssh', '/bin/ssh']])],
		// Option values: files to the shell, choices filtered, free text nothing.
		[['--config', ''], files],
		[['up', '--config', 'a/b'], files],
		[['--config=a'], files],
		[['--config', '=', 'a'], files],
		[['export', 'db', '--as', ''], words('systemd', 'launchd', 'ssh-config')],
		[['export', 'db', '--as', 's'], words('systemd', 'ssh-config')],
		[['export', '--as=l'], words('launchd')],
		[['export', '--as', 'systemd', ''], names('', [], [['--as', 'systemd']])],
		[['import', '--name', ''], words()],
		[['import', '--name', 'up', ''], words()],
		[['up', '--bogus=1', ''], names('')],
		[['up', '--bogus=1'], words()],
		// Operand choices.
		[['completion', ''], words('bash', 'zsh', 'fish')],
		[['completion', 'f'], words('fish')],
		[['completion', 'fish', ''], words()],
		// Unknown commands get nothing but the program's options.
		[['nope', ''], words()],
		[['nope', '--v'], words('--version')],
	];
	for (const [line, expected] of cases) {
		assert.deepEqual(complete(tree, line), expected, JSON.stringify(line));
	}
});

test('candidateLines: names filtered by prefix and what is on the line; files as a directive', () => {
	const profile = ['db', 'db-replica', 'web'];
	assert.deepEqual(candidateLines(names(''), profile), ['db', 'db-replica', 'web']);
	assert.deepEqual(candidateLines(names('db'), profile), ['db', 'db-replica']);
	assert.deepEqual(candidateLines(names('', ['db']), profile), ['db-replica', 'web']);
	assert.deepEqual(candidateLines(names('x'), profile), []);
	assert.deepEqual(candidateLines(names(''), []), []);
	assert.deepEqual(candidateLines(files, profile), [':files']);
	assert.deepEqual(candidateLines(words('print', 'prune'), profile), ['print', 'prune']);
});
