import path from 'node:path';
import {UserError} from '../errors.js';
import {addTunnelToText, hasTunnel} from '../profile/edit.js';
import {parseForward} from '../profile/forward.js';
import {formatIssue} from '../profile/issue.js';
import {parseProfile} from '../profile/parse.js';
import {buildSshArgv} from '../ssh/argv.js';
import {parseSshArgv} from '../ssh/parse-argv.js';
import {quoteCommand, splitCommandLine} from '../ssh/quote.js';
import {invocationToSpec, type TunnelSpec} from '../import/from-ssh-command.js';
import {writeProfileText} from '../store/profile-file.js';
import {loadProfile, type GlobalOptions, type Io, type LoadedProfile} from './context.js';

export type ImportOptions = {
	readonly name?: string;
	readonly allowCommands?: boolean;
	/** a Host of the ssh config whose tunnel to copy, instead of a pasted command */
	readonly fromSshConfig?: string;
	/** show the entry and the command without writing the file */
	readonly dryRun?: boolean;
	readonly json?: boolean;
};

/** `tunnels import -- ssh -f -N -L …` or `tunnels import "ssh -f -N -L …"`: a pasted command becomes a profile entry. */
export async function importCommand(io: Io, globals: GlobalOptions, words: readonly string[], options: ImportOptions): Promise<void> {
	if (options.fromSshConfig !== undefined) {
		if (words.length > 0) {
			throw new UserError('give either an ssh command or --from-ssh-config HOST, not both');
		}

		await (await import('./import-ssh-config.js')).importFromSshConfig(io, globals, options.fromSshConfig, options);
		return;
	}

	const argv = commandWords(words);
	const parsed = parseSshArgv(argv.slice(1));
	if (parsed.kind === 'error') {
		throw new UserError(`cannot import: ${parsed.message}`, 'paste an ssh command such as: tunnels import -- ssh -f -N -L 9906:10.1.0.2:3306 root@10.1.0.2');
	}

	const converted = invocationToSpec(parsed.invocation, {allowCommands: options.allowCommands ?? false});
	if (converted.kind === 'error') {
		throw new UserError(`cannot import: ${converted.message}`, converted.hint);
	}

	const first = converted.spec.local?.[0] ?? converted.spec.remote?.[0];
	const forward = first === undefined ? undefined : parseForward(first);
	const baseName = `${converted.spec.host}${forward?.kind === 'ok' ? `-${forward.forward.port}` : ''}`;
	await addImported(io, await loadProfile(io, globals), converted.spec, {...options, baseName, notCarried: []});
}

/**
 * Adds an imported entry to the profile file: inserted keeping the file's bytes, validated like a
 * hand-written file, written atomically unless a dry run; then says what was added and, when the
 * source had settings the entry does not keep, which.
 */
export async function addImported(io: Io, loaded: LoadedProfile, spec: TunnelSpec, options: ImportOptions & {readonly baseName: string; readonly notCarried: readonly string[]}): Promise<void> {
	const existing = loaded.text.kind === 'found' ? loaded.text.text : undefined;
	const name = options.name ?? freeName(safeName(options.baseName), existing);
	if (existing !== undefined && hasTunnel(existing, name)) {
		throw new UserError(`tunnel \`${name}\` already exists in ${loaded.path}; nothing was written`, 'pick another name with --name');
	}

	const text = addTunnelToText(existing, name, spec);
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
		io.stdout(`${JSON.stringify({name, file: loaded.path, written: !options.dryRun, entry: spec, command: minimal, notCarried: options.notCarried})}\n`);
		return;
	}

	const notCarried = options.notCarried.length === 0 ? '' : `  not carried over: ${options.notCarried.join(', ')}\n`;
	io.stdout(`${options.dryRun ? 'would add' : 'added'} tunnel ${name} to ${loaded.path}\n  ${minimal}\n${notCarried}`);
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

/** A tunnel name made of any text: letters, digits, `.`, `_`, `-`, starting with a letter or digit. */
function safeName(text: string): string {
	const base = text.replaceAll(/[^A-Za-z\d._-]/g, '-').replace(/^[^A-Za-z\d]+/, '');
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
