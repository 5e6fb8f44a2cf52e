// How an import is said, the same in `tunnels import` and the UI's add.
import type {ImportResult} from '../core/import.js';
import type {ImportRefusal} from '../import/refusal.js';
import type {TunnelSpec} from '../import/from-ssh-command.js';
import {formatIssue} from '../profile/issue.js';
import {problemLines, type Problem} from './problem.js';
import type {ReportLine} from './up.js';

type Imported = Extract<ImportResult, {kind: 'imported'}>;

/** `tunnels import --json`: a public shape, kept as it is whatever the result's fields are called. */
export type ImportJson = {
	readonly name: string;
	readonly file: string;
	readonly written: boolean;
	readonly entry: TunnelSpec;
	readonly command: string;
	readonly notCarried: readonly string[];
};

export function importJson(imported: Imported): ImportJson {
	return {name: imported.name, file: imported.file, written: imported.written, entry: imported.entry, command: imported.minimal, notCarried: imported.notCarried};
}

/** Every line an import says: what was added where and its command, or why nothing was. */
export function describeImportResult(result: ImportResult): ReportLine[] {
	if (result.kind === 'refused') {
		return problemLines(importProblem(result.refusal));
	}

	return [
		{level: 'info', text: `${result.written ? 'added' : 'would add'} tunnel ${result.name} to ${result.file}`},
		{level: 'info', text: `  ${result.minimal}`},
		...(result.notCarried.length === 0 ? [] : [{level: 'info' as const, text: `  not carried over: ${result.notCarried.join(', ')}`}]),
	];
}

const pasteHint = 'tunnels import -- ssh -f -N -L 9906:10.1.0.2:3306 root@10.1.0.2';

export function importProblem(refusal: ImportRefusal): Problem {
	switch (refusal.kind) {
		case 'two-sources': {
			return {message: 'give either an ssh command or --from-ssh-config HOST, not both', hint: undefined};
		}

		case 'no-command': {
			return {message: 'cannot import: no command given', hint: `paste an ssh command, e.g. ${pasteHint}`};
		}

		case 'not-ssh': {
			return {message: `cannot import: \`${refusal.program}\` is not ssh`, hint: `paste an ssh command, e.g. ${pasteHint}`};
		}

		case 'unsplittable': {
			return {message: `cannot import: ${refusal.message}`, hint: undefined};
		}

		case 'bad-arguments': {
			return {message: `cannot import: ${refusal.message}`, hint: `paste an ssh command such as: ${pasteHint}`};
		}

		case 'unrepresentable': {
			return {message: `cannot import: ${refusal.message}`, hint: refusal.hint};
		}

		case 'not-a-host': {
			return {message: `cannot import: \`${refusal.host}\` is not a host name`, hint: 'name a Host of your ssh config; tunnels ls lists those with forwards'};
		}

		case 'ssh-config-failed': {
			return {
				message: `cannot import: ssh -G ${refusal.host} failed: ${refusal.stderr.trim() || `exit status ${refusal.exitCode}`}`,
				hint: `fix the ssh config file it names (${refusal.sshConfigFile ?? '~/.ssh/config'})`,
			};
		}

		case 'already-there': {
			return {message: `this command is already tunnel \`${refusal.name}\` in ${refusal.file}; nothing was written`, hint: `start it with tunnels up ${refusal.name}, or add a copy under another name with --name`};
		}

		case 'name-taken': {
			return {message: `tunnel \`${refusal.name}\` already exists in ${refusal.file}; nothing was written`, hint: 'pick another name with --name'};
		}

		case 'invalid-entry': {
			return {message: `cannot import:\n${refusal.issues.map(issue => formatIssue(issue)).join('\n')}`, hint: undefined};
		}
	}
}
