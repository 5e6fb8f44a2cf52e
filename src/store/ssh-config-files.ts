import fs from 'node:fs/promises';
import path from 'node:path';
import type {ConfigFileTree} from '../ssh-config/candidates.js';
import {globSegment, includePath, scanConfig} from '../ssh-config/hosts.js';

/** ssh's own bound on nested Include (readconf.c READCONF_MAX_DEPTH). */
const maxIncludeDepth = 16;

/**
 * Reads an ssh config file and the files its Include lines name (glob patterns, in lexical order, as
 * ssh does). Undefined when the file itself cannot be read; an Include that matches nothing is
 * skipped, as ssh skips it, and so is one that would include a file into itself. Only reads.
 */
export async function readConfigFiles(file: string, home: string): Promise<ConfigFileTree | undefined> {
	const read = async (current: string, ancestors: readonly string[]): Promise<ConfigFileTree | undefined> => {
		const text = ancestors.includes(current) || ancestors.length > maxIncludeDepth ? undefined : await fs.readFile(current, 'utf8').catch(() => undefined);
		if (text === undefined) {
			return undefined;
		}

		const statements = scanConfig(text);
		const included = new Map<number, ConfigFileTree[]>();
		for (const statement of statements) {
			if (statement.kind === 'include') {
				const paths = (await Promise.all(statement.patterns.map(async pattern => expandGlob(includePath(pattern, home))))).flat();
				const trees = await Promise.all(paths.map(async included => read(included, [...ancestors, current])));
				included.set(statement.line, trees.filter(tree => tree !== undefined));
			}
		}

		return {file: current, text, statements, included};
	};

	return read(path.resolve(file), []);
}

/** The paths an absolute glob pattern names, sorted; a pattern without wildcards names itself. */
async function expandGlob(pattern: string): Promise<string[]> {
	let paths = ['/'];
	for (const segment of pattern.split('/').filter(part => part !== '')) {
		const matcher = globSegment(segment);
		const next: string[] = [];
		for (const base of paths) {
			if (matcher === undefined) {
				next.push(path.join(base, segment));
			} else {
				const names = await fs.readdir(base).catch(() => [] as string[]);
				next.push(...names.filter(name => matcher.test(name)).map(name => path.join(base, name)));
			}
		}

		paths = next;
	}

	return paths.sort();
}
