import fs from 'node:fs/promises';
import path from 'node:path';
import type {ConfigFileTree, ConfigRead, RefusedConfigFile} from '../ssh-config/candidates.js';
import {globSegment, includePath, scanConfig} from '../ssh-config/hosts.js';
import {readRegularFile} from './regular-file.js';

/** ssh's own bound on nested Include (readconf.c READCONF_MAX_DEPTH). */
const maxIncludeDepth = 16;

/** No ssh config of a person comes near this; /dev/zero would go on for ever. */
export const maxConfigFileBytes = 1024 * 1024;

/**
 * Reads an ssh config file and the files its Include lines name (glob patterns, in lexical order, as
 * ssh does). None when the file itself cannot be read; an Include that matches nothing is skipped,
 * as ssh skips it, and so is one that would include a file into itself. Only reads, and only regular
 * files of at most maxConfigFileBytes: any other file in the tree (a FIFO, a device) refuses the
 * whole, since `ssh -G` would read it too.
 */
export async function readConfigFiles(file: string, home: string): Promise<ConfigRead> {
	let refused: RefusedConfigFile | undefined;
	const readText = async (current: string): Promise<string | undefined> => {
		const found = await readRegularFile(current, maxConfigFileBytes);
		switch (found.kind) {
			case 'text': {
				// As the profile is checked (issue 13, item 1): ssh checks only ~/.ssh/config, never -F's file or an Include.
				const {mode, uid} = found.stat;
				const self = process.getuid?.();
				if ((mode & 0o022) !== 0) {
					refused ??= {file: current, why: {kind: 'writable', by: (mode & 0o002) === 0 ? 'group' : 'everyone'}};
					return undefined;
				}

				if (self !== undefined && uid !== self && uid !== 0) {
					refused ??= {file: current, why: {kind: 'foreign-owner', uid}};
					return undefined;
				}

				return found.text;
			}

			case 'not-regular': {
				// A directory is what an Include glob may match: ssh skips it, and so do we.
				if (found.type !== 'directory') {
					refused ??= {file: current, why: {kind: 'not-regular', type: found.type}};
				}

				return undefined;
			}

			case 'too-large': {
				refused ??= {file: current, why: {kind: 'too-large', limitBytes: found.limitBytes}};
				return undefined;
			}

			case 'missing':
			case 'unreadable': {
				return undefined;
			}
		}
	};

	const read = async (current: string, ancestors: readonly string[]): Promise<ConfigFileTree | undefined> => {
		const text = ancestors.includes(current) || ancestors.length > maxIncludeDepth ? undefined : await readText(current);
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

	const tree = await read(path.resolve(file), []);
	return refused === undefined ? (tree === undefined ? {kind: 'none'} : {kind: 'read', tree}) : {kind: 'refused', refused};
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
