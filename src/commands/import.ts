import {importFromCommand, importFromSshConfig, type ImportResult} from '../core/import.js';
import {UserError} from '../errors.js';
import {describeImportResult, importJson, importProblem} from '../present/import.js';
import {writeReport, type GlobalOptions, type Io} from './context.js';
import {profileFileDeps} from './profile-file-deps.js';

export type ImportFlags = {
	readonly name?: string;
	readonly allowCommands?: boolean;
	/** a Host of the ssh config whose tunnel to copy, instead of a pasted command */
	readonly fromSshConfig?: string;
	/** show the entry and the command without writing the file */
	readonly dryRun?: boolean;
	readonly json?: boolean;
};

/** `tunnels import -- ssh -f -N -L …`, `tunnels import "ssh -f -N -L …"` or `tunnels import --from-ssh-config HOST`. */
export async function importCommand(io: Io, globals: GlobalOptions, words: readonly string[], flags: ImportFlags): Promise<void> {
	if (flags.fromSshConfig !== undefined && words.length > 0) {
		throw problemError({kind: 'refused', refusal: {kind: 'two-sources'}});
	}

	const deps = profileFileDeps(io, globals);
	const options = {name: flags.name, dryRun: flags.dryRun, allowCommands: flags.allowCommands};
	const result = flags.fromSshConfig === undefined
		? await importFromCommand(deps, words, options)
		: await importFromSshConfig(deps, flags.fromSshConfig, options);
	if (result.kind === 'refused') {
		throw problemError(result);
	}

	if (flags.json) {
		io.stdout(`${JSON.stringify(importJson(result))}\n`);
	} else {
		writeReport(io, describeImportResult(result));
	}
}

function problemError(result: Extract<ImportResult, {kind: 'refused'}>): UserError {
	const {message, hint} = importProblem(result.refusal);
	return new UserError(message, hint);
}
