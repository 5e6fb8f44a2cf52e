import path from 'node:path';
import {UserError} from '../errors.js';
import {addTunnelToText, hasTunnel} from '../profile/edit.js';
import {parseForward} from '../profile/forward.js';
import {formatIssue} from '../profile/issue.js';
import {parseProfile} from '../profile/parse.js';
import {buildSshArgv} from '../ssh/argv.js';
import {parseSshArgv} from '../ssh/parse-argv.js';
import {quoteCommand, splitCommandLine} from '../ssh/quote.js';
import {invocationToSpec, type TunnelSpec} from '../ssh/to-profile.js';
import {writeProfileText} from '../store/profile-file.js';
import {loadProfile, type GlobalOptions, type Io} from './context.js';

export type ImportOptions = {
	readonly name?: string;
	readonly allowCommands?: boolean;
	/** show the entry and the command without writing the file */
	readonly dryRun?: boolean;
	readonly json?: boolean;
};

/** `tunnels import -- ssh -f -N -L …` or `tunnels import "ssh -f -N -L …"`: a pasted command becomes a profile entry. */
export async function importCommand(io: Io, globals: GlobalOptions, words: readonly string[], options: ImportOptions): Promise<void> {
	const argv = commandWords(words);
	const parsed = parseSshArgv(argv.slice(1));
	if (parsed.kind === 'error') {
		throw new UserError(`cannot import: ${parsed.message}`, 'paste an ssh command such as: tunnels import -- ssh -f -N -L 9906:10.1.0.2:3306 root@10.1.0.2');
	}

	const converted = invocationToSpec(parsed.invocation, {allowCommands: options.allowCommands ?? false});
	if (converted.kind === 'error') {
		throw new UserError(`cannot import: ${converted.message}`, converted.hint);
	}

	const loaded = await loadProfile(io, globals);
	const existing = loaded.text.kind === 'found' ? loaded.text.text : undefined;
	const name = options.name ?? freeName(defaultName(converted.spec), existing);
	if (existing !== undefined && hasTunnel(existing, name)) {
		throw new UserError(`tunnel \`${name}\` already exists in ${loaded.path}; nothing was written`, 'pick another name with --name');
	}

	const text = addTunnelToText(existing, name, converted.spec);
	// The new text goes through the same validation as any hand-written file before it is written.
	const check = parseProfile(text, loaded.path, {isRoot: io.uid === 0});
	if (check.kind === 'invalid') {
		throw new UserError(`cannot import:\n${check.issues.filter(issue => issue.severity === 'error' && issue.tunnel === name).map(issue => formatIssue(issue)).join('\n')}`);
	}

	const tunnel = check.profile.tunnels.find(candidate => candidate.name === name)!;
	const minimal = quoteCommand(buildSshArgv(tunnel, {kind: 'minimal'}));
	if (!options.dryRun) {
		await writeProfileText(loaded.path, text, loaded.text);
	}

	if (options.json) {
		io.stdout(`${JSON.stringify({name, file: loaded.path, written: !options.dryRun, entry: converted.spec, command: minimal})}\n`);
		return;
	}

	io.stdout(`${options.dryRun ? 'would add' : 'added'} tunnel ${name} to ${loaded.path}\n  ${minimal}\n`);
}

function commandWords(words: readonly string[]): string[] {
	const split = words.length === 1 ? splitCommandLine(words[0]!) : {kind: 'ok' as const, words};
	if (split.kind === 'error') {
		throw new UserError(`cannot import: ${split.message}`);
	}

	const [program] = split.words;
	if (program === undefined || path.basename(program) !== 'ssh') {
		throw new UserError(
			program === undefined ? 'cannot import: no command given' : `cannot import: \`${program}\` is not ssh`,
			'paste an ssh command, e.g. tunnels import -- ssh -f -N -L 9906:10.1.0.2:3306 root@10.1.0.2',
		);
	}

	return [...split.words];
}

function defaultName(spec: TunnelSpec): string {
	const first = spec.local?.[0] ?? spec.remote?.[0];
	const forward = first === undefined ? undefined : parseForward(first);
	const base = `${spec.host}${forward?.kind === 'ok' ? `-${forward.forward.port}` : ''}`.replaceAll(/[^A-Za-z\d._-]/g, '-').replace(/^[^A-Za-z\d]+/, '');
	return (base === '' ? 'tunnel' : base).slice(0, 56);
}

function freeName(base: string, text: string | undefined): string {
	if (text === undefined || !hasTunnel(text, base)) {
		return base;
	}

	for (let suffix = 2; ; suffix++) {
		const candidate = `${base}-${suffix}`;
		if (!hasTunnel(text, candidate)) {
			return candidate;
		}
	}
}
