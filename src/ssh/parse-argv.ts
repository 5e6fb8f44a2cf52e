// ssh's own option letters (ssh.c, OpenSSH 9.2): the ones in `withValue` take an argument.
const booleanFlags = new Set('1246afgknqstvxyACGKMNTVXY');
const withValue = new Set('bceilmopBDEFIJLOPQRSwW');

export type SshOptionArgument = {
	readonly flag: string;
	readonly value: string;
};

/** An ssh command line, read the way ssh reads it. */
export type SshInvocation = {
	/** boolean flags in order, e.g. ['g', 'f', 'N'] for `-gfN` */
	readonly flags: readonly string[];
	/** flags with a value, in order, e.g. {flag: 'L', value: '9906:10.1.0.2:3306'} */
	readonly values: readonly SshOptionArgument[];
	/** `[user@]host` or `ssh://[user@]host[:port]`, as written */
	readonly destination: string | undefined;
	/** words after the destination that ssh would run remotely */
	readonly command: readonly string[];
};

export type SshArgvParse =
	| {readonly kind: 'ok'; readonly invocation: SshInvocation}
	| {readonly kind: 'error'; readonly message: string};

/**
 * Parses ssh's arguments (without the program name) like ssh's getopt loop: bundled flags (`-gfN`),
 * attached values (`-L9906:…`, `-oKey=Value`), `--`, and options after the destination, which ssh
 * still reads (it restarts getopt once it has the host).
 */
export function parseSshArgv(args: readonly string[]): SshArgvParse {
	const flags: string[] = [];
	const values: SshOptionArgument[] = [];
	let destination: string | undefined;
	let index = 0;
	let optionsEnded = false;

	const readOptions = (): string | undefined => {
		while (index < args.length && !optionsEnded) {
			const word = args[index]!;
			if (word === '--') {
				optionsEnded = true;
				index++;
				return undefined;
			}

			if (!word.startsWith('-') || word === '-') {
				return undefined;
			}

			for (let position = 1; position < word.length; position++) {
				const letter = word[position]!;
				if (booleanFlags.has(letter)) {
					flags.push(letter);
				} else if (withValue.has(letter)) {
					const attached = word.slice(position + 1);
					const value = attached === '' ? args[++index] : attached;
					if (value === undefined) {
						return `option -${letter} needs a value`;
					}

					values.push({flag: letter, value});
					break;
				} else {
					return `ssh has no option -${letter}`;
				}
			}

			index++;
		}

		return undefined;
	};

	const before = readOptions();
	if (before !== undefined) {
		return {kind: 'error', message: before};
	}

	if (index < args.length) {
		destination = args[index++];
		const after = readOptions();
		if (after !== undefined) {
			return {kind: 'error', message: after};
		}
	}

	return {kind: 'ok', invocation: {flags, values, destination, command: args.slice(index)}};
}

export type Destination = {
	readonly user: string | undefined;
	readonly host: string;
	readonly port: number | undefined;
};

/** Splits `[user@]host` (at the last `@`, as ssh does) or `ssh://[user@]host[:port]`. */
export function parseDestination(text: string): Destination | undefined {
	const uri = /^ssh:\/\/(?:(?<user>[^@/]+)@)?(?<host>\[[^\]]+\]|[^:/]+)(?::(?<port>\d+))?\/?$/.exec(text);
	if (uri?.groups !== undefined) {
		const {user, host = '', port} = uri.groups;
		return {user, host: host.replace(/^\[(.*)\]$/, '$1'), port: port === undefined ? undefined : Number(port)};
	}

	if (text.startsWith('ssh://')) {
		return undefined;
	}

	const at = text.lastIndexOf('@');
	return at === -1
		? {user: undefined, host: text, port: undefined}
		: {user: text.slice(0, at), host: text.slice(at + 1), port: undefined};
}

/** An `-o` argument split as ssh splits it: `Keyword=value` or `Keyword value`. */
export function splitOptionArgument(argument: string): {readonly name: string; readonly value: string} | undefined {
	const match = /^\s*([A-Za-z\d]+)\s*(?:=\s*|\s+)(.*?)\s*$/.exec(argument);
	return match === null ? undefined : {name: match[1] ?? '', value: match[2] ?? ''};
}

/** A LocalForward/RemoteForward value (`[bind:]port host:hostport`, two words) in `-L`/`-R` syntax. */
export function forwardFromConfigValue(value: string): string {
	return value.replace(/\s+/, ':');
}
