import {exampleProfile} from '../profile/example.js';
import type {ProfileFileDeps} from './profile-file.js';

export type InitResult =
	| {readonly kind: 'written'; readonly path: string}
	/** a profile file is there already: nothing was written */
	| {readonly kind: 'exists'; readonly path: string};

/** `tunnels init`: the example profile file where the tool looks for it, never over an existing file. */
export async function initProfile(deps: Pick<ProfileFileDeps, 'updateProfile'>): Promise<InitResult> {
	return deps.updateProfile<InitResult>(profile => profile.text.kind === 'found'
		? {kind: 'keep', result: {kind: 'exists', path: profile.path}}
		: {kind: 'write', text: exampleProfile, result: {kind: 'written', path: profile.path}});
}
