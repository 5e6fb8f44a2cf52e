// Which verbs cli.ts's program registers. Building every verb's command with all its options costs
// about 2 ms of each run (issue 17); when argv names one verb for certain, only that one is built.
// Anything else (help, a version flag, an unknown option, a word that is no verb) builds them all,
// so that help lists every command and a typo gets its did-you-mean.
import type {Command} from 'commander';

/** Adds the verb's command (with its aliases) to the program, or gives undefined when another verb runs: `verb('ls', {aliases: ['status']})?.…`. */
export type Verb = (name: string, options?: {readonly aliases?: readonly string[]; readonly hidden?: boolean}) => Command | undefined;

export function verbRegistrar(program: Command, only: string | undefined): Verb {
	return (name, {aliases = [], hidden = false} = {}) => (only === undefined || only === name || aliases.includes(only)
		? program.command(name, {hidden}).aliases(aliases)
		: undefined);
}

/** The program's options that take a value: the word after them is no verb. */
const optionsWithValue = ['--config', '--ssh', '--ssh-config'];

/**
 * The verb argv names when nothing else can be meant: the first word after the program's own
 * options (with their values), and no help asked for anywhere. Undefined for anything else.
 */
export function soleVerb(argv: readonly string[]): string | undefined {
	if (argv.some(word => word === '-h' || word === '--help')) {
		return undefined;
	}

	for (let index = 0; index < argv.length; index++) {
		const word = argv[index]!;
		if (optionsWithValue.includes(word)) {
			index++;
		} else if (!optionsWithValue.some(option => word.startsWith(`${option}=`))) {
			return word.startsWith('-') || word === '' ? undefined : word;
		}
	}

	return undefined;
}
