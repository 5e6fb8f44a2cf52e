import type {Argument, Command, Option} from 'commander';
import type {CommandSpec, CommandTree, OperandValue, OptionSpec, ValueSpec} from './tree.js';

/** Positional arguments with these names take tunnel names (`<name>`, `[names...]`, kill's `<targets...>`). */
const tunnelArgumentNames: ReadonlySet<string> = new Set(['name', 'names', 'target', 'targets', 'tunnel', 'tunnels']);

/** Option value placeholders that name a path: the shell completes files there. */
const pathPlaceholders: ReadonlySet<string> = new Set(['file', 'path', 'dir', 'directory']);

/**
 * The completion tree of a commander program: its visible commands (hidden ones, like the
 * completion callback itself, are left out), their aliases, options and arguments, read from the
 * same definitions that parse the command line and print `--help`.
 */
export function treeOf(program: Command): CommandTree {
	const help = program.createHelp();
	return {
		options: help.visibleOptions(program).map(option => optionSpec(option)),
		commands: help.visibleCommands(program).map((command): CommandSpec => ({
			names: [command.name(), ...command.aliases()],
			options: help.visibleOptions(command).map(option => optionSpec(option)),
			operands: command.registeredArguments.map(argument => ({value: operandValue(argument), variadic: argument.variadic})),
		})),
	};
}

function optionSpec(option: Option): OptionSpec {
	return {
		flags: [option.short, option.long].filter((flag): flag is string => flag !== undefined),
		value: valueSpec(option),
	};
}

function valueSpec(option: Option): ValueSpec {
	// An optional value (`[value]`) is only taken when it is attached; completion treats it as a switch.
	if (!option.required) {
		return {kind: 'none'};
	}

	if (option.argChoices !== undefined) {
		return {kind: 'choice', choices: option.argChoices};
	}

	const placeholder = /<([^>]+)>/.exec(option.flags)?.[1]?.replace(/\.\.\.$/, '');
	return placeholder !== undefined && pathPlaceholders.has(placeholder) ? {kind: 'file'} : {kind: 'text'};
}

function operandValue(argument: Argument): OperandValue {
	if (argument.argChoices !== undefined) {
		return {kind: 'choice', choices: argument.argChoices};
	}

	return tunnelArgumentNames.has(argument.name()) ? {kind: 'tunnel-name'} : {kind: 'other'};
}
