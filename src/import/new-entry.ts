import {addTunnelToText, hasTunnel} from '../profile/edit.js';
import {parseProfile} from '../profile/parse.js';
import type {ValidationContext} from '../profile/validate.js';
import type {Tunnel} from '../profile/types.js';
import type {TunnelSpec} from './from-ssh-command.js';
import type {ImportRefusal} from './refusal.js';

export type NewEntry =
	/** `text`: the whole file with the entry added; `tunnel`: the entry as validated */
	| {readonly kind: 'ok'; readonly name: string; readonly text: string; readonly tunnel: Tunnel}
	| {readonly kind: 'refused'; readonly refusal: ImportRefusal};

export type NewEntryOptions = {
	/** the name asked for (--name); a name taken in the file is refused, not changed */
	readonly name: string | undefined;
	/** what to call it otherwise, made a valid name and numbered (`-2`, `-3`, …) past the file's names */
	readonly baseName: string;
	readonly isRoot: boolean;
	/** what `~` and `${NAME}` mean in the entry's paths */
	readonly paths: ValidationContext['paths'];
};

/**
 * A profile file's text with one entry added, keeping the rest of its bytes (profile/edit.ts), and
 * validated like a hand-written file: a refusal names only the new entry's own errors.
 */
export function addEntry(file: string, existing: string | undefined, spec: TunnelSpec, options: NewEntryOptions): NewEntry {
	const name = options.name ?? freeName(safeName(options.baseName), existing);
	if (existing !== undefined && hasTunnel(existing, name)) {
		return {kind: 'refused', refusal: {kind: 'name-taken', name, file}};
	}

	const text = addTunnelToText(existing, name, spec);
	const check = parseProfile(text, file, {isRoot: options.isRoot, paths: options.paths});
	if (check.kind === 'invalid') {
		return {kind: 'refused', refusal: {kind: 'invalid-entry', issues: check.issues.filter(issue => issue.severity === 'error' && issue.tunnel === name)}};
	}

	return {kind: 'ok', name, text, tunnel: check.profile.tunnels.find(candidate => candidate.name === name)!};
}

/** A tunnel name made of any text: letters, digits, `.`, `_`, `-`, starting with a letter or digit. */
export function safeName(text: string): string {
	const base = text.replaceAll(/[^A-Za-z\d._-]/g, '-').replace(/^[^A-Za-z\d]+/, '');
	return (base === '' ? 'tunnel' : base).slice(0, 56);
}

/** `base`, or the first of `base-2`, `base-3`, … that the file's text does not have. */
export function freeName(base: string, text: string | undefined): string {
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
