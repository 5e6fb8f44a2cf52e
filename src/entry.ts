// Which bundle file runs a command line (bin/tunnels.js asks before it loads any other). A command
// that runs often has a file of its own, built from cli.ts with only that verb's code in it: one file
// loads faster than the ~45 small ones the split bundle needs for it (about 10 ms of each `ls` or
// `up`, issue 17). Everything else (help, the UI, the other verbs) runs the split bundle, cli.js.
import {soleVerb} from './cli-verb.js';

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
	return `verb-${verb}.js`;
}
