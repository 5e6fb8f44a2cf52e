import assert from 'node:assert/strict';
import {test} from 'node:test';
import {Command, Option} from 'commander';
import {buildProgram} from '../../src/cli.js';
import {fakeIo} from '../support/io.js';
import {treeOf} from '../../src/completion/from-commander.js';
import type {CommandSpec, CommandTree} from '../../src/completion/tree.js';

const io = fakeIo();

const realTree = (): CommandTree => treeOf(buildProgram(io, () => undefined));

function command(tree: CommandTree, name: string): CommandSpec {
	const found = tree.commands.find(candidate => candidate.names[0] === name);
	assert.ok(found, `command ${name}`);
	return found;
}

test('treeOf the real program: every visible command, with aliases; the hidden callback left out', () => {
	const tree = realTree();
	const names = tree.commands.flatMap(candidate => candidate.names);
	for (const name of ['ls', 'status', 'print', 'import', 'up', 'down', 'check', 'prune', 'kill', 'watch', 'init', 'completion']) {
		assert.ok(names.includes(name), name);
	}

	assert.ok(!names.some(name => name.startsWith('_')), names.join(' '));
	assert.deepEqual(command(tree, 'ls').names, ['ls', 'status']);
});

test('treeOf the real program: options with their values, as commander defines them', () => {
	const tree = realTree();
	assert.deepEqual(tree.options, [
		{flags: ['-V', '--version'], value: {kind: 'none'}},
		{flags: ['--config'], value: {kind: 'file'}},
		{flags: ['--ssh'], value: {kind: 'file'}},
		{flags: ['--ssh-config'], value: {kind: 'file'}},
		{flags: ['-h', '--help'], value: {kind: 'none'}},
	]);
	assert.deepEqual(command(tree, 'up').options.map(option => option.flags.join(' ')), ['--all', '--batch', '--json', '-h --help']);
	assert.deepEqual(command(tree, 'prune').options.map(option => option.flags.join(' ')), ['--dry-run', '-y --yes', '--include-outside', '--json', '-h --help']);
	assert.deepEqual(command(tree, 'import').options.find(option => option.flags.includes('--name'))?.value, {kind: 'text'});
	assert.deepEqual(command(tree, 'completion').operands, [{value: {kind: 'choice', choices: ['bash', 'zsh', 'fish']}, variadic: false}]);
});

test('treeOf the real program: the commands that take tunnel names, and those that do not', () => {
	const tree = realTree();
	const takesNames = (name: string): boolean => command(tree, name).operands.some(operand => operand.value.kind === 'tunnel-name');
	for (const name of ['up', 'down', 'print', 'check', 'kill', 'ls']) {
		assert.ok(takesNames(name), name);
	}

	for (const name of ['import', 'prune', 'init', 'completion']) {
		assert.ok(!takesNames(name), name);
	}

	assert.deepEqual(command(tree, 'up').operands, [{value: {kind: 'tunnel-name'}, variadic: true}]);
	assert.deepEqual(command(tree, 'print').operands, [{value: {kind: 'tunnel-name'}, variadic: false}]);
});

test('treeOf: choices, path placeholders, optional values, hidden options and commands, commander\'s own help command', () => {
	const program = new Command('p').option('--out <dir>').option('--log [file]').option('--mode <mode>').option('--files <path...>');
	program.addOption(new Option('--secret').hideHelp());
	program.command('go').addOption(new Option('--as <format>').choices(['a', 'b'])).argument('<tunnel>').argument('[rest...]');
	program.command('hidden', {hidden: true});
	assert.deepEqual(treeOf(program), {
		options: [
			{flags: ['--out'], value: {kind: 'file'}},
			{flags: ['--log'], value: {kind: 'none'}},
			{flags: ['--mode'], value: {kind: 'text'}},
			{flags: ['--files'], value: {kind: 'file'}},
			{flags: ['-h', '--help'], value: {kind: 'none'}},
		],
		commands: [{
			names: ['go'],
			options: [{flags: ['--as'], value: {kind: 'choice', choices: ['a', 'b']}}, {flags: ['-h', '--help'], value: {kind: 'none'}}],
			operands: [{value: {kind: 'tunnel-name'}, variadic: false}, {value: {kind: 'other'}, variadic: true}],
		}, {
			// Added by commander to a program without an action of its own.
			names: ['help'],
			options: [],
			operands: [{value: {kind: 'other'}, variadic: false}],
		}],
	});
});
