// How the editing commands (set, unset, tag, forward, rename, rm) say what they did or why not.
import type {EditResult} from '../core/edit.js';
import type {EditRefusal, EditRequest} from '../profile/edit-request.js';
import type {Problem} from './problem.js';
import type {ReportLine} from './up.js';

type Edited = Extract<EditResult, {kind: 'edited'}>;

/** What changed, in one line: `db: port set to 2222 in /home/ana/.config/tunnels/tunnels.yaml`. */
export function describeEdit(edited: Edited): string {
	return `${edited.name}: ${describeRequest(edited.request)} in ${edited.file}`;
}

function describeRequest(request: EditRequest): string {
	switch (request.kind) {
		case 'set': {
			return `${request.key} set to ${request.value}`;
		}

		case 'unset': {
			return `${request.key} removed`;
		}

		case 'tag': {
			return [...request.add.map(tag => `+${tag}`), ...request.remove.map(tag => `-${tag}`)].join(' ') + ' (tags)';
		}

		case 'forward-add': {
			return `${request.forward} forward ${request.spec} added`;
		}

		case 'forward-rm': {
			return `forward ${request.which} removed`;
		}

		case 'rename': {
			return `renamed to ${request.to}`;
		}

		case 'copy': {
			return `copied to ${request.to} (not started)`;
		}

		case 'rm': {
			return 'removed';
		}
	}
}

/**
 * Everything a change says, the CLI's lines and the UI's report alike: what changed, then what
 * became of a tunnel that ran (stopped for rm, left running, or running its old command).
 */
export function describeEntryChange(edited: Edited, pid: number | undefined, stopped: boolean, restart: boolean): ReportLine[] {
	const name = edited.name;
	const running: ReportLine[] = pid === undefined ? []
		: edited.request.kind === 'rm' ? [{level: 'info', text: stopped ? `stopped ${name} (pid ${pid})` : `${name} keeps running (pid ${pid}) outside the profile: tunnels kill ${pid} stops it`}]
			: edited.commandChanged && !restart ? [{level: 'warning', text: `note: ${oldCommandNotice(name, pid)}`}] : [];
	return [{level: 'info', text: describeEdit(edited)}, ...running];
}

/** A running tunnel whose command changed: what it runs now, and how to run the new one. */
export function oldCommandNotice(name: string, pid: number): string {
	return `${name} is running (pid ${pid}) with its old command until restarted: tunnels down ${name} && tunnels up ${name}, or add --restart`;
}

export function editRefusalProblem(file: string, name: string, refusal: EditRefusal): Problem {
	switch (refusal.kind) {
		case 'no-such-tunnel': {
			return {
				message: `no tunnel \`${refusal.name}\` in ${file}; nothing was changed`,
				hint: refusal.suggestion === undefined ? (refusal.known.length === 0 ? undefined : `tunnels here: ${refusal.known.slice(0, 20).join(', ')}`) : `did you mean \`${refusal.suggestion}\`?`,
			};
		}

		case 'unknown-key': {
			return {message: `\`${refusal.key}\` is not a key of a tunnel; nothing was changed`, hint: refusal.suggestion === undefined ? 'keys: see `tunnels init` for an example, or the README' : `did you mean \`${refusal.suggestion}\`?`};
		}

		case 'not-set': {
			return {message: `tunnel \`${name}\` has no \`${refusal.key}\` in ${file}; nothing was changed`, hint: undefined};
		}

		case 'name-taken': {
			return {message: `a tunnel \`${refusal.name}\` is already in ${file}; nothing was changed`, hint: 'choose another name, or remove that one first: tunnels rm ' + refusal.name};
		}

		case 'bad-name': {
			return {message: `\`${refusal.name}\` is not a tunnel name; nothing was changed`, hint: 'use letters, digits, `.`, `_` and `-`, starting with a letter or digit, at most 64 characters'};
		}

		case 'no-such-forward': {
			return {
				message: `tunnel \`${name}\` has no forward \`${refusal.which}\` in ${file}; nothing was changed`,
				hint: refusal.forwards.length === 0 ? undefined : `its forwards: ${refusal.forwards.join('; ')} (give one as written, or as local[N])`,
			};
		}

		case 'bad-value': {
			return {message: `${refusal.key}: \`${refusal.value}\` is not a value: ${refusal.reason}; nothing was changed`, hint: undefined};
		}
	}
}
