// Which bundle file runs a command line, and running it (bin/tunnels.js hands argv here first). A
// command that runs often has a file of its own, built from cli.ts with only that verb's code in it:
// one file loads faster than the ~45 small ones the split bundle needs for it, and it runs compiled
// from V8's code cache (code-cache.ts); together about 20 ms of each `ls` or `up` (issue 17).
// Everything else (help, the UI, the other verbs) runs the split bundle, cli.js.
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {soleVerb} from './cli-verb.js';
import {codeCacheDirectory, runCompiled} from './code-cache.js';
import type {Installation} from './process-io.js';

/** The verbs with a bundle of their own, by every name argv may give them (aliases too). */
export const ownBundleVerbs: Readonly<Record<string, string>> = {
	print: 'print',
	ls: 'ls',
	status: 'ls',
	up: 'up',
	down: 'down',
	check: 'check',
	prune: 'prune',
	kill: 'kill',
};

/** The bundle file (in dist/bundle) whose `main` runs argv. */
export function bundleFileFor(argv: readonly string[]): string {
	const verb = soleVerb(argv);
	return verb !== undefined && Object.hasOwn(ownBundleVerbs, verb) ? verbBundleFile(ownBundleVerbs[verb]!) : 'cli.js';
}

export function verbBundleFile(verb: string): string {
	return `verb-${verb}.cjs`;
}

type Main = (argv: readonly string[], installation: Installation) => Promise<number>;

/** The bundle's build (.ci/build.mjs stamps it): a code cache is taken only from the same code. */
declare const TUNNELS_BUILD_ID: string | undefined;

/** Runs argv with the bundle file made for it; the exit status. */
export async function runCommandLine(argv: readonly string[], installation: Installation): Promise<number> {
	const file = bundleFileFor(argv);
	const url = new URL(file, import.meta.url);
	if (file === 'cli.js') {
		return ((await import(url.href)) as {main: Main}).main(argv, installation);
	}

	const directory = codeCacheDirectory(process.env);
	const uid = process.getuid?.();
	const cache = directory === undefined || uid === undefined || typeof TUNNELS_BUILD_ID !== 'string' ? undefined : {directory, build: TUNNELS_BUILD_ID, uid};
	const bundle = runCompiled(fileURLToPath(url), cache);
	try {
		return await (bundle.exports['main'] as Main)(argv, installation);
	} finally {
		bundle.keep();
	}
}
