import {exampleProfile} from '../profile/example.js';
import type {ProfileFileDeps} from './profile-file.js';

export type InitResult =
	| {readonly kind: 'written'; readonly path: string}
	/** a profile file is there already: nothing was written */
	| {readonly kind: 'exists'; readonly path: string};

/** `tunnels init`: the example profile file where the tool looks for it, never over an existing file. */
export async function initProfile(deps: Pick<ProfileFileDeps, 'readProfile' | 'writeProfile'>): Promise<InitResult> {
	const profile = await deps.readProfile();
	if (profile.text.kind === 'found') {
		return {kind: 'exists', path: profile.path};
	}

	await deps.writeProfile(profile.path, exampleProfile, profile.text);
	return {kind: 'written', path: profile.path};
}
