import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Command} from 'commander';
import {buildProgram} from '../../src/cli.js';
import {soleVerb} from '../../src/cli-verb.js';
import {bundleFileFor, ownBundleVerbs} from '../../src/entry.js';
import type {Io} from '../../src/commands/context.js';
import {fakeIo} from '../support/io.js';

function recordingIo(): {io: Io; output: () => string} {
	let output = '';
	const io = fakeIo({
		stdout: text => {
			output += `out: ${text}`;
		},
		stderr: text => {
			output += `err: ${text}`;
		},
	});
	return {io, output: () => output};
}

const namesOf = (program: Command) => program.commands.map(command => [command.name(), ...command.aliases()]);

test('soleVerb: the first word after the program\'s options and their values; nothing when help is asked or an option is unknown', () => {
	const cases: Array<[string[], string | undefined]> = [
		[['print', 'db'], 'print'],
		[['--config', 'print', 'ls'], 'ls'],
		[['--config=/p.yaml', '--ssh', '/bin/ssh', '--ssh-config', 'none', 'up', '--all'], 'up'],
		[['status'], 'status'],
		[['prnt', 'db'], 'prnt'],
		[[], undefined],
		[['--help'], undefined],
		[['print', '--help'], undefined],
		[['print', '-h'], undefined],
		[['-V'], undefined],
		[['--version'], undefined],
		[['--', 'print'], undefined],
		[['--config'], undefined],
		[['--verbose', 'print'], undefined],
		[[''], undefined],
	];
	for (const [argv, expected] of cases) {
		assert.equal(soleVerb(argv), expected, argv.join(' '));
	}
});

test('naming a verb or one of its aliases builds that command alone; a word that is no verb builds them all', () => {
	const {io} = recordingIo();
	const all = buildProgram(io, () => undefined);
	assert.ok(all.commands.length > 15);
	for (const names of namesOf(all)) {
		for (const name of names) {
			assert.deepEqual(namesOf(buildProgram(io, () => undefined, name)), [names], name);
		}
	}

	assert.deepEqual(namesOf(buildProgram(io, () => undefined, 'prnt')), namesOf(all));
	assert.deepEqual(namesOf(buildProgram(io, () => undefined, 'help')), namesOf(all));
});

test('what commander says of a mistake is the same with the one verb built as with the whole program', async () => {
	const mistakes = [
		['print'], ['print', 'a', 'b'], ['up', '--bogus'], ['export', 'db'], ['export', 'db', '--as', 'nope'], ['completion', 'tcsh'],
		['forward', 'add'], ['forward', 'nope'], ['service', 'bogus'], ['status', '--nope'], ['prnt', 'db'], ['help', 'print'],
		['--config', 'x.yaml', 'kill'], ['logs', 'db', '-n'],
	];
	for (const argv of mistakes) {
		const said = await Promise.all([undefined, soleVerb(argv)].map(async only => {
			const {io, output} = recordingIo();
			let exit = 'none';
			try {
				await buildProgram(io, () => undefined, only).parseAsync(argv, {from: 'user'});
			} catch (error) {
				exit = String((error as {exitCode?: number}).exitCode);
			}

			return `${output()}exit ${exit}`;
		}));
		assert.equal(said[1], said[0], argv.join(' '));
		assert.match(said[0]!, /exit [12]/, `a mistake: ${argv.join(' ')}`);
	}
});

test('the completion callback answers from the whole program when it is the verb named', async () => {
	for (const words of [['pr'], ['up', '--'], ['ls', '--w']]) {
		const argv = ['__complete', '--', ...words];
		const {io, output} = recordingIo();
		await buildProgram(io, () => undefined, soleVerb(argv)).parseAsync(argv, {from: 'user'});
		const whole = recordingIo();
		await buildProgram(whole.io, () => undefined).parseAsync(argv, {from: 'user'});
		assert.equal(output(), whole.output(), words.join(' '));
		assert.match(output(), /^out: \S/, words.join(' '));
	}
});

test('a verb with a bundle of its own runs from it by every name it has; anything else runs the split bundle', () => {
	const {io} = recordingIo();
	for (const [name, verb] of Object.entries(ownBundleVerbs)) {
		// The bundle leaves out every other verb's module: the name must build that verb alone.
		assert.deepEqual(buildProgram(io, () => undefined, name).commands.map(command => command.name()), [verb], name);
		assert.equal(bundleFileFor([name, 'db']), `verb-${verb}.cjs`, name);
	}

	for (const argv of [[], ['ls', '--help'], ['edit', 'db'], ['--version'], ['prnt', 'db'], ['help', 'ls'], ['__complete', 'up', '']]) {
		assert.equal(bundleFileFor(argv), 'cli.js', argv.join(' '));
	}

	assert.equal(bundleFileFor(['--config', 'x.yaml', 'status']), 'verb-ls.cjs');
});
