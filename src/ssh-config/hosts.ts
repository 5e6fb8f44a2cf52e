// Reads an ssh_config(5) file's text for what config discovery needs: its Host and Match lines,
// its Include lines, and where forward lines stand. ssh itself (`ssh -G`) says what applies to a
// host; this only narrows down which hosts to ask about. Pure: the caller reads the files.

/** One statement of interest, in file order (ssh reads an Include where it stands). */
export type ConfigStatement =
	| {readonly kind: 'host'; readonly line: number; readonly patterns: readonly string[]}
	| {readonly kind: 'match'; readonly line: number}
	| {readonly kind: 'include'; readonly line: number; readonly patterns: readonly string[]}
	/** LocalForward or RemoteForward */
	| {readonly kind: 'forward'; readonly line: number}
	/** CanonicalizeHostname: Host lines may then match the canonical name as well */
	| {readonly kind: 'canonicalize'; readonly line: number};

const kinds = new Map<string, ConfigStatement['kind']>([
	['host', 'host'],
	['match', 'match'],
	['include', 'include'],
	['localforward', 'forward'],
	['remoteforward', 'forward'],
	['canonicalizehostname', 'canonicalize'],
]);

export function scanConfig(text: string): ConfigStatement[] {
	return text.split('\n').flatMap((raw, index): ConfigStatement[] => {
		// `Keyword value`, `Keyword=value` or `Keyword = value` (readconf.c strdelim).
		const match = /^\s*([^\s=#][^\s=]*)(?:\s*=\s*|\s+)(.*)$/s.exec(raw);
		const kind = kinds.get(match?.[1]?.toLowerCase() ?? '');
		const line = index + 1;
		if (kind === undefined) {
			return [];
		}

		switch (kind) {
			case 'host':
			case 'include': {
				return [{kind, line, patterns: splitConfigWords(match?.[2] ?? '')}];
			}

			case 'match':
			case 'forward':
			case 'canonicalize': {
				return [{kind, line}];
			}
		}
	});
}

/** The names of a Host line that name one host: no wildcard (`*`, `?`) and no negation (`!`). */
export function literalHostNames(patterns: readonly string[]): string[] {
	return patterns.filter(pattern => pattern !== '' && !/[*?]/.test(pattern) && !pattern.startsWith('!'));
}

/**
 * Splits arguments as ssh does (misc.c argv_split): whitespace between words, single or double
 * quotes, backslash before a quote, a backslash or (unquoted) a space, and `#` at the start of a word
 * ends the line.
 */
export function splitConfigWords(text: string): string[] {
	const words: string[] = [];
	let index = 0;
	while (index < text.length) {
		if (/\s/.test(text[index]!)) {
			index++;
			continue;
		}

		if (text[index] === '#') {
			break;
		}

		let word = '';
		let quote: string | undefined;
		for (; index < text.length; index++) {
			const char = text[index]!;
			const next = text[index + 1];
			if (char === '\\' && next !== undefined && (next === '\'' || next === '"' || next === '\\' || (quote === undefined && next === ' '))) {
				word += next;
				index++;
			} else if (quote === undefined && /\s/.test(char)) {
				break;
			} else if (quote === undefined && (char === '"' || char === '\'')) {
				quote = char;
			} else if (char === quote) {
				quote = undefined;
			} else {
				word += char;
			}
		}

		words.push(word);
	}

	return words;
}

/**
 * Where an Include pattern points: `~` is the home directory (from the password database, as ssh
 * finds it), and a relative path is inside ~/.ssh, as ssh reads a user configuration's Include.
 * `-F` files count as a user configuration too (ssh.c passes SSHCONF_USERCONF).
 */
export function includePath(pattern: string, home: string): string {
	if (pattern === '~' || pattern.startsWith('~/')) {
		return `${home}${pattern.slice(1)}`;
	}

	return pattern.startsWith('/') ? pattern : `${home}/.ssh/${pattern}`;
}

/**
 * A glob(7) pattern of one path segment (`*`, `?`, `[…]`, `[!…]`) as a regular expression, or
 * undefined when it has none of them. As glob(3), a wildcard never matches a leading `.`.
 */
export function globSegment(segment: string): RegExp | undefined {
	if (!/[*?[]/.test(segment)) {
		return undefined;
	}

	let source = '';
	for (let index = 0; index < segment.length; index++) {
		const char = segment[index]!;
		const end = char === '[' ? segment.indexOf(']', index + 2) : -1;
		if (char === '*') {
			source += '[^/]*';
		} else if (char === '?') {
			source += '[^/]';
		} else if (end !== -1) {
			const body = segment.slice(index + 1, end).replaceAll('\\', '\\\\');
			source += body.startsWith('!') ? `[^${body.slice(1)}]` : `[${body}]`;
			index = end;
		} else {
			source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
		}
	}

	return new RegExp(`^${segment.startsWith('.') ? '' : '(?!\\.)'}${source}$`);
}
