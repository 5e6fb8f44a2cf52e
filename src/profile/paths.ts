import path from 'node:path';

/** What a path written in a profile (or given as a flag) is read against. */
export type PathContext = {
	/**
	 * The home directory of the password database, as ssh's `~` means it (misc.c tilde_expand uses
	 * getpwuid, not $HOME); undefined when this user has no entry.
	 */
	readonly home: string | undefined;
	readonly env: Readonly<Record<string, string | undefined>>;
	/** where a relative path starts: the profile file's own directory, or the working directory for a flag */
	readonly base: string;
};

/** Which path a key holds: ssh runs a program, reads a config file (`-F`, which ssh itself never expands) or an identity file. */
export type PathKind = 'program' | 'config-file' | 'identity-file';

export type PathExpansion =
	| {readonly kind: 'ok'; readonly path: string}
	| {readonly kind: 'undefined-variable'; readonly name: string}
	| {readonly kind: 'unclosed-variable'}
	| {readonly kind: 'empty-variable'}
	/** `~user/…`: another user's home, which only the password database knows */
	| {readonly kind: 'other-user'; readonly user: string}
	| {readonly kind: 'no-home'};

export type PathProblem = Exclude<PathExpansion, {readonly kind: 'ok'}>;

/**
 * A path as ssh would read it, made absolute so that it means the same wherever tunnels is started:
 * a leading `~` or `~/` is the home directory, then each `${NAME}` the environment's value (in this
 * order, as ssh expands IdentityFile: tilde_expand_filename, then default_client_percent_dollar_expand),
 * then a relative result starts at `base`. `$NAME` without braces stays as written, as in ssh.
 *
 * Left as they are: a program name without a `/` (found in PATH), the config file `none` (ssh reads
 * no config at all), and an identity file starting with a `%` token (`%d/.ssh/id`: ssh expands its
 * tokens itself, after this). Tokens elsewhere in an identity file are left to ssh too.
 */
export function expandPath(value: string, kind: PathKind, context: PathContext): PathExpansion {
	if ((kind === 'program' && !value.includes('/')) || (kind === 'config-file' && value === 'none')) {
		return {kind: 'ok', path: value};
	}

	let text = value;
	if (text === '~' || text.startsWith('~/')) {
		if (context.home === undefined) {
			return {kind: 'no-home'};
		}

		text = context.home + text.slice(1);
	} else if (text.startsWith('~')) {
		return {kind: 'other-user', user: text.slice(1).split('/')[0]!};
	}

	const expanded = expandVariables(text, context.env);
	if (expanded.kind !== 'ok') {
		return expanded;
	}

	const result = expanded.path;
	if (path.isAbsolute(result) || (kind === 'identity-file' && result.startsWith('%'))) {
		return {kind: 'ok', path: result};
	}

	return {kind: 'ok', path: path.join(context.base, result)};
}

/** `${NAME}` replaced by the environment's value, as misc.c vdollar_percent_expand does; an unset one is an error there too. */
function expandVariables(text: string, env: PathContext['env']): PathExpansion {
	let result = '';
	let rest = text;
	for (let start = rest.indexOf('${'); start !== -1; start = rest.indexOf('${')) {
		const end = rest.indexOf('}', start + 2);
		if (end === -1) {
			return {kind: 'unclosed-variable'};
		}

		const name = rest.slice(start + 2, end);
		if (name === '') {
			return {kind: 'empty-variable'};
		}

		const value = env[name];
		if (value === undefined) {
			return {kind: 'undefined-variable', name};
		}

		result += rest.slice(0, start) + value;
		rest = rest.slice(end + 1);
	}

	return {kind: 'ok', path: result + rest};
}

/**
 * A path taken from a command line that ran in `base` (a pasted `ssh -i key`), made to mean the
 * same in a profile, whose relative paths start at its own directory: a relative one is joined to
 * `base`; one that starts with `~`, `$` or a `%` token is left for expansion as it is.
 */
export function anchorPath(value: string, base: string): string {
	return path.isAbsolute(value) || /^[~$%]/.test(value) ? value : path.join(base, value);
}

/** What is wrong with a path and what would be right, for a profile issue or a flag's error. */
export function pathProblemWords(problem: PathProblem, value: string): {readonly message: string; readonly hint: string} {
	switch (problem.kind) {
		case 'undefined-variable': {
			return {message: `\`${value}\` uses \${${problem.name}}, which is not set in the environment`, hint: `set ${problem.name}, or write the path without it`};
		}

		case 'unclosed-variable': {
			return {message: `\`${value}\` has \${ without a closing }`, hint: 'write environment variables as ${NAME}'};
		}

		case 'empty-variable': {
			return {message: `\`${value}\` has an empty \${}`, hint: 'write environment variables as ${NAME}'};
		}

		case 'other-user': {
			return {message: `\`${value}\` names the home directory of user \`${problem.user}\`, which tunnels does not look up`, hint: 'write that directory in full'};
		}

		case 'no-home': {
			return {message: `\`${value}\` starts with ~, but this user has no home directory in the password database`, hint: 'write the path in full'};
		}
	}
}
