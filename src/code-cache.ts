// A verb's own bundle file (CommonJS, .ci/build.mjs) compiled through V8's code cache: the bytecode
// V8 made of the file the last time it ran, kept in the user's cache directory. Node 20 has no
// compile cache of its own (module.enableCompileCache came in 22), and compiling the ~600 KB file
// cost ~9 ms of each `up`, `ls` or `print` (issue 17). A cache file is code that will run, so it is
// used only when it is ours: owned by this user, writable by nobody else, in a directory that is
// ours too, named by the build, Node and architecture it was made for. Anything else is a miss,
// and a miss only costs the compile: the cache is never needed to run.
import {closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import process from 'node:process';
import {pathToFileURL} from 'node:url';
import vm from 'node:vm';

/** Where the compiled bundles are kept: `$XDG_CACHE_HOME/tunnels/code`, else `~/.cache/tunnels/code`; undefined without either. */
export function codeCacheDirectory(env: NodeJS.ProcessEnv): string | undefined {
	const xdg = env['XDG_CACHE_HOME'];
	const base = xdg !== undefined && path.isAbsolute(xdg) ? xdg : env['HOME'] !== undefined && path.isAbsolute(env['HOME']) ? path.join(env['HOME'], '.cache') : undefined;
	return base === undefined ? undefined : path.join(base, 'tunnels', 'code');
}

/** What the cache file of a bundle is called: the bundle, then what its bytecode is valid for. */
export function codeCacheName(bundleFile: string, build: string): string {
	return `${path.basename(bundleFile)}.${build}.${process.version}.${process.arch}.v8`;
}

/** A bundle's exports, and `keep`: after it ran, store its bytecode when the cache did not serve it. */
export type CompiledBundle = {
	readonly exports: Record<string, unknown>;
	keep(): void;
};

/**
 * Runs a CommonJS bundle file as Node's loader would (its own `require`, `module`, strict mode),
 * compiled from the cache when it holds this build's bytecode. `import.meta.url` in the sources is
 * the bundle's `importMetaUrl` (.ci/build.mjs defines it).
 */
export function runCompiled(bundleFile: string, cache: {readonly directory: string; readonly build: string; readonly uid: number} | undefined): CompiledBundle {
	const source = readFileSync(bundleFile, 'utf8');
	const cacheFile = cache === undefined ? undefined : path.join(cache.directory, codeCacheName(bundleFile, cache.build));
	const cachedData = cache === undefined || cacheFile === undefined || !isOurs(cache.directory, cache.uid) ? undefined : readOurs(cacheFile, cache.uid);
	const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, importMetaUrl) {'use strict';${source}\n})`, {filename: bundleFile, cachedData});
	const module = {exports: {} as Record<string, unknown>};
	const run = script.runInThisContext() as (...parameters: unknown[]) => void;
	run(module.exports, createRequire(bundleFile), module, bundleFile, path.dirname(bundleFile), pathToFileURL(bundleFile).href);
	return {
		exports: module.exports,
		keep() {
			if (cache !== undefined && cacheFile !== undefined && (cachedData === undefined || script.cachedDataRejected === true)) {
				store(cache.directory, bundleFile, cacheFile, script.createCachedData(), cache.uid);
			}
		},
	};
}

/** A directory or file only this user can change: owned by them, writable by no group or other. */
function ownedAlone(stats: {readonly uid: number; readonly mode: number}, uid: number): boolean {
	return stats.uid === uid && (stats.mode & 0o022) === 0;
}

function isOurs(directory: string, uid: number): boolean {
	try {
		const stats = lstatSync(directory);
		return stats.isDirectory() && ownedAlone(stats, uid);
	} catch {
		return false;
	}
}

/** The file's bytes when it is a regular file of ours (not followed if a link), else undefined. */
function readOurs(file: string, uid: number): Buffer | undefined {
	let fd: number;
	try {
		fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
	} catch {
		return undefined;
	}

	try {
		const stats = fstatSync(fd);
		return stats.isFile() && ownedAlone(stats, uid) ? readFileSync(fd) : undefined;
	} catch {
		return undefined;
	} finally {
		closeSync(fd);
	}
}

/** Writes the bytecode (a new file, then renamed over), and removes what other builds (and stopped writers) left of the same bundle. Failures are ignored. */
function store(directory: string, bundleFile: string, cacheFile: string, data: Buffer, uid: number): void {
	try {
		mkdirSync(directory, {recursive: true, mode: 0o700});
		if (!isOurs(directory, uid)) return;
		const temporary = path.join(directory, `.${path.basename(cacheFile)}.${process.pid}.tmp`);
		writeFileSync(temporary, data, {mode: 0o600, flag: 'wx'});
		renameSync(temporary, cacheFile);
		const bundle = `${path.basename(bundleFile)}.`;
		for (const name of readdirSync(directory)) {
			if ((name.startsWith(bundle) || name.startsWith(`.${bundle}`)) && name !== path.basename(cacheFile)) rmSync(path.join(directory, name), {force: true});
		}
	} catch {
		// Only a speed-up: a full disk or a directory not ours leaves the next run to compile again.
	}
}
