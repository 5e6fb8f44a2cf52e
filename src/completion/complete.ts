import type {CommandSpec, CommandTree, OperandSpec, OptionSpec, ValueSpec} from './tree.js';

/** What can stand at the cursor. */
export type Completion =
	/** these words, already filtered by what was typed */
	| {readonly kind: 'words'; readonly words: readonly string[]}
	/** a path: the shell's own file completion does it best */
	| {readonly kind: 'files'}
	/** tunnel names of the profile file, which only the caller can read */
	| {
		readonly kind: 'tunnel-names';
		readonly prefix: string;
		/** names already on the line for the same variadic argument */
		readonly exclude: readonly string[];
		/** option values typed on the line, by long flag (`--config` → file) */
		readonly optionValues: ReadonlyMap<string, string>;
	};

const nothing: Completion = {kind: 'words', words: []};

/**
 * The candidates at the cursor, from the words after the program's name as the shell split them;
 * the last word is the one being completed, up to the cursor (empty after a space). Reads the line
 * as commander would: program options before and after the command, `--` ends options, an option
 * with a value takes the next word or `--flag=value`. Total: any line gives an answer.
 */
export function complete(tree: CommandTree, words: readonly string[]): Completion {
	const joined = joinEquals(words);
	const current = joined.at(-1) ?? '';
	let command: CommandSpec | 'unknown' | undefined;
	let pending: OptionSpec | undefined;
	let endOfOptions = false;
	const operands: string[] = [];
	const optionValues = new Map<string, string>();
	const record = (option: OptionSpec, value: string): void => {
		optionValues.set(option.flags.at(-1) ?? '', value);
	};

	for (const word of joined.slice(0, -1)) {
		if (pending !== undefined) {
			record(pending, word);
			pending = undefined;
		} else if (!endOfOptions && word === '--') {
			endOfOptions = true;
		} else if (!endOfOptions && isOption(word)) {
			const {flag, value} = splitInline(word);
			const option = findOption(optionsInScope(tree, command), flag);
			if (option !== undefined && option.value.kind !== 'none') {
				if (value === undefined) {
					pending = option;
				} else {
					record(option, value);
				}
			}
		} else if (command === undefined) {
			command = tree.commands.find(candidate => candidate.names.includes(word)) ?? 'unknown';
		} else {
			operands.push(word);
		}
	}

	if (pending !== undefined) {
		return valueCompletion(pending.value, current);
	}

	if (!endOfOptions && current.startsWith('-')) {
		const {flag, value} = splitInline(current);
		if (value !== undefined) {
			const option = findOption(optionsInScope(tree, command), flag);
			return option === undefined ? nothing : valueCompletion(option.value, value);
		}

		return matching(optionsInScope(tree, command).flatMap(option => option.flags), current);
	}

	if (command === undefined) {
		return matching(tree.commands.flatMap(candidate => candidate.names), current);
	}

	if (command === 'unknown') {
		return nothing;
	}

	const at = operandIndex(command.operands, operands.length);
	const operand: OperandSpec | undefined = at === undefined ? undefined : command.operands[at];
	switch (operand?.value.kind) {
		case undefined:
		case 'other': {
			return nothing;
		}

		case 'choice': {
			return matching(operand.value.choices, current);
		}

		case 'tunnel-name': {
			return {kind: 'tunnel-names', prefix: current, exclude: operands.slice(at), optionValues};
		}
	}
}

/** The candidate lines: tunnel names filtered by the request, `:files` to ask for the shell's file completion. */
export function candidateLines(completion: Completion, tunnelNames: readonly string[]): string[] {
	switch (completion.kind) {
		case 'words': {
			return [...completion.words];
		}

		case 'files': {
			return [filesDirective];
		}

		case 'tunnel-names': {
			return tunnelNames.filter(name => name.startsWith(completion.prefix) && !completion.exclude.includes(name));
		}
	}
}

/** The line that tells a completion script to complete file names; no candidate starts with `:`. */
export const filesDirective = ':files';

function valueCompletion(value: ValueSpec, typed: string): Completion {
	switch (value.kind) {
		case 'file': {
			return {kind: 'files'};
		}

		case 'choice': {
			return matching(value.choices, typed);
		}

		case 'none':
		case 'text': {
			return nothing;
		}
	}
}

function matching(words: readonly string[], prefix: string): Completion {
	return {kind: 'words', words: [...new Set(words.filter(word => word.startsWith(prefix)))]};
}

/** A command's own options first, then the program's (commander accepts them after the command too). */
function optionsInScope(tree: CommandTree, command: CommandSpec | 'unknown' | undefined): readonly OptionSpec[] {
	if (command === undefined || command === 'unknown') {
		return tree.options;
	}

	const own = new Set(command.options.flatMap(option => option.flags));
	return [...command.options, ...tree.options.filter(option => option.flags.every(flag => !own.has(flag)))];
}

function findOption(options: readonly OptionSpec[], flag: string): OptionSpec | undefined {
	return options.find(option => option.flags.includes(flag));
}

/** Which argument takes the operand at `index`: a variadic last one takes all the rest. */
function operandIndex(operands: readonly OperandSpec[], index: number): number | undefined {
	if (index < operands.length) {
		return index;
	}

	return operands.at(-1)?.variadic === true ? operands.length - 1 : undefined;
}

function isOption(word: string): boolean {
	return word.startsWith('-') && word !== '-';
}

function splitInline(word: string): {flag: string; value: string | undefined} {
	const match = /^(--[^=]+)=(.*)$/s.exec(word);
	return match === null ? {flag: word, value: undefined} : {flag: match[1]!, value: match[2]!};
}

/**
 * bash splits words at `=` (it is in COMP_WORDBREAKS), so `--config=a.yaml` arrives as `--config`,
 * `=`, `a.yaml`: put them back together.
 */
function joinEquals(words: readonly string[]): string[] {
	const joined: string[] = [];
	for (let index = 0; index < words.length; index++) {
		const word = words[index]!;
		const previous = joined.at(-1);
		if (word === '=' && previous !== undefined && /^--[^=]+$/.test(previous)) {
			const value = index + 1 < words.length ? words[++index]! : '';
			joined[joined.length - 1] = `${previous}=${value}`;
		} else {
			joined.push(word);
		}
	}

	return joined;
}
