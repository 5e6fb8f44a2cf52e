import type {FileType} from '../store/regular-file.js';
import {literalHostNames, type ConfigStatement} from './hosts.js';

/** An ssh config file as read, with the files each of its Include lines read, in ssh's order. */
export type ConfigFileTree = {
	readonly file: string;
	/** the file as read: every answer of `ssh -G` depends on all of it */
	readonly text: string;
	readonly statements: readonly ConfigStatement[];
	/** by the Include's line number */
	readonly included: ReadonlyMap<number, readonly ConfigFileTree[]>;
};

/** A file of the ssh config that tunnels does not read (ssh would hang on it, or read without end), and why. */
export type RefusedConfigFile = {
	readonly file: string;
	readonly why:
		| {readonly kind: 'not-regular'; readonly type: Exclude<FileType, 'directory'>}
		| {readonly kind: 'too-large'; readonly limitBytes: number}
		/** whoever can write it can make ssh run programs (`Match exec`), even for `ssh -G` */
		| {readonly kind: 'writable'; readonly by: 'group' | 'everyone'}
		| {readonly kind: 'foreign-owner'; readonly uid: number};
};

/** The ssh config as read: none (no file, or unreadable as ssh would skip it), its tree, or a file refused. */
export type ConfigRead =
	| {readonly kind: 'none'}
	| {readonly kind: 'read'; readonly tree: ConfigFileTree}
	| {readonly kind: 'refused'; readonly refused: RefusedConfigFile};

/** A literal name of a Host line: a host the config may define tunnels for. */
export type HostDeclaration = {
	readonly name: string;
	readonly file: string;
	readonly line: number;
};

/** Which hosts a forward line of the config can reach. */
export type ForwardScope =
	| {readonly kind: 'none'}
	/** only hosts that one of these Host lines matches */
	| {readonly kind: 'hosts'; readonly lines: ReadonlyArray<readonly string[]>}
	/** a forward outside any Host block (top level, in a Match block) or canonicalized names: any host */
	| {readonly kind: 'any'};

export type ConfigCandidates = {
	/** in the order ssh reads them; a name may repeat */
	readonly hosts: readonly HostDeclaration[];
	readonly forwards: ForwardScope;
};

type Block = {readonly kind: 'unconditional'} | {readonly kind: 'host'; readonly patterns: readonly string[]} | {readonly kind: 'match'};

/**
 * The literal Host names of a config and the reach of its forward lines. An included file starts
 * in the block of its Include line (ssh_config(5): conditional inclusion). Over-approximates: a
 * forward counts for every host its Host line matches, whatever the blocks around that.
 */
export function configCandidates(tree: ConfigFileTree): ConfigCandidates {
	const hosts: HostDeclaration[] = [];
	const lines: Array<readonly string[]> = [];
	let any = false;
	const walk = (node: ConfigFileTree, inherited: Block): void => {
		let block = inherited;
		for (const statement of node.statements) {
			switch (statement.kind) {
				case 'host': {
					block = {kind: 'host', patterns: statement.patterns};
					hosts.push(...literalHostNames(statement.patterns).map(name => ({name, file: node.file, line: statement.line})));
					break;
				}

				case 'match': {
					block = {kind: 'match'};
					break;
				}

				case 'include': {
					for (const child of node.included.get(statement.line) ?? []) {
						walk(child, block);
					}

					break;
				}

				case 'forward': {
					if (block.kind === 'host') {
						lines.push(block.patterns);
					} else {
						any = true;
					}

					break;
				}

				case 'canonicalize': {
					any = true;
					break;
				}
			}
		}
	};

	walk(tree, {kind: 'unconditional'});
	return {hosts, forwards: any ? {kind: 'any'} : lines.length === 0 ? {kind: 'none'} : {kind: 'hosts', lines}};
}

/** Whether a host may get forwards from the config; ssh -G says whether it does. */
export function mayGetForwards(name: string, scope: ForwardScope): boolean {
	switch (scope.kind) {
		case 'none': {
			return false;
		}

		case 'hosts': {
			return scope.lines.some(patterns => hostLineMatches(name, patterns));
		}

		case 'any': {
			return true;
		}
	}
}

/**
 * A Host line matches when one of its patterns does and none of its `!` patterns (readconf.c);
 * `*` and `?` as in ssh's match_pattern. Case-insensitive: at worst one `ssh -G` too many.
 */
export function hostLineMatches(name: string, patterns: readonly string[]): boolean {
	const matches = (pattern: string) => new RegExp(`^${pattern.replaceAll(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.')}$`, 'i').test(name);
	return patterns.some(pattern => !pattern.startsWith('!') && matches(pattern)) && !patterns.some(pattern => pattern.startsWith('!') && matches(pattern.slice(1)));
}
