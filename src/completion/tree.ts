/**
 * What completion needs to know of the CLI, as plain data. `from-commander.ts` builds it from the
 * real commander program, so completion lists exactly what the parser accepts.
 */
export type CommandTree = {
	/** the program's own options: commander accepts them before and after a command */
	readonly options: readonly OptionSpec[];
	readonly commands: readonly CommandSpec[];
};

export type CommandSpec = {
	/** the name, then its aliases */
	readonly names: readonly string[];
	readonly options: readonly OptionSpec[];
	/** positional arguments in order; a variadic one takes every operand from its place on */
	readonly operands: readonly OperandSpec[];
};

export type OptionSpec = {
	/** every spelling, short first: `-y`, `--yes` */
	readonly flags: readonly string[];
	readonly value: ValueSpec;
};

/** What follows an option: nothing, or a value of some kind. */
export type ValueSpec =
	| {readonly kind: 'none'}
	| {readonly kind: 'file'}
	| {readonly kind: 'choice'; readonly choices: readonly string[]}
	| {readonly kind: 'text'};

export type OperandSpec = {
	readonly value: OperandValue;
	readonly variadic: boolean;
};

/** What an operand is: a tunnel of the profile file, one of fixed words, or anything. */
export type OperandValue =
	| {readonly kind: 'tunnel-name'}
	| {readonly kind: 'choice'; readonly choices: readonly string[]}
	| {readonly kind: 'other'};
