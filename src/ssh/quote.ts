const safeWord = /^[\w@%+=:,./-]+$/;

/** Quotes one argument for a POSIX shell, only when it needs it. For printing: nothing we run goes through a shell. */
export function quoteArgument(argument: string): string {
	if (argument !== '' && safeWord.test(argument)) {
		return argument;
	}

	return `'${argument.replaceAll('\'', `'\\''`)}'`;
}

export function quoteCommand(argv: readonly string[]): string {
	return argv.map(argument => quoteArgument(argument)).join(' ');
}

export type SplitResult =
	| {readonly kind: 'ok'; readonly words: readonly string[]}
	| {readonly kind: 'error'; readonly message: string};

/**
 * Splits a pasted command line into words the way a POSIX shell would for plain commands: single and
 * double quotes, backslash escapes, line continuations. Anything that would make a shell do more
 * (pipes, `;`, `$(…)`, redirections) is refused rather than guessed at.
 */
export function splitCommandLine(line: string): SplitResult {
	const words: string[] = [];
	let word: string | undefined;
	let index = 0;
	const append = (text: string) => {
		word = (word ?? '') + text;
	};

	while (index < line.length) {
		const char = line[index]!;
		if (char === '\\') {
			const next = line[index + 1];
			if (next === '\n') {
				index += 2;
				continue;
			}

			if (next === undefined) {
				return {kind: 'error', message: 'the command ends with a lone backslash'};
			}

			append(next);
			index += 2;
		} else if (char === '\'') {
			const end = line.indexOf('\'', index + 1);
			if (end === -1) {
				return {kind: 'error', message: 'a single quote is not closed'};
			}

			append(line.slice(index + 1, end));
			index = end + 1;
		} else if (char === '"') {
			const closed = readDoubleQuoted(line, index + 1);
			if (closed.kind === 'error') {
				return closed;
			}

			append(closed.text);
			index = closed.end + 1;
		} else if (/\s/.test(char)) {
			if (word !== undefined) {
				words.push(word);
				word = undefined;
			}

			index++;
		} else if (/[|&;<>()`$]/.test(char)) {
			return {kind: 'error', message: `\`${char}\` would make a shell do more than run ssh; paste the ssh command alone`};
		} else {
			append(char);
			index++;
		}
	}

	if (word !== undefined) {
		words.push(word);
	}

	return {kind: 'ok', words};
}

function readDoubleQuoted(line: string, start: number): {kind: 'ok'; text: string; end: number} | {kind: 'error'; message: string} {
	let text = '';
	for (let index = start; index < line.length; index++) {
		const char = line[index]!;
		if (char === '"') {
			return {kind: 'ok', text, end: index};
		}

		if (char === '$' || char === '`') {
			return {kind: 'error', message: `\`${char}\` inside double quotes would make a shell expand it; paste the expanded value`};
		}

		if (char === '\\' && /["\\$`\n]/.test(line[index + 1] ?? '')) {
			index++;
			text += line[index] === '\n' ? '' : line[index];
		} else {
			text += char;
		}
	}

	return {kind: 'error', message: 'a double quote is not closed'};
}
