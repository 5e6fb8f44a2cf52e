import {UserError} from '../errors.js';
import {exampleProfile} from '../profile/example.js';
import {writeProfileText} from '../store/profile-file.js';
import {loadProfile, type GlobalOptions, type Io} from './context.js';

/** Writes the example profile file where the tool looks for it, never over an existing file. */
export async function initCommand(io: Io, globals: GlobalOptions): Promise<void> {
	const loaded = await loadProfile(io, globals);
	if (loaded.text.kind === 'found') {
		throw new UserError(`${loaded.path} already exists; nothing was written`, 'edit it, or add tunnels with `tunnels import -- ssh …`');
	}

	await writeProfileText(loaded.path, exampleProfile, loaded.text);
	io.stdout(`wrote an example profile file to ${loaded.path}\nedit it, then: tunnels ls\n`);
}
