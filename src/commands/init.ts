import {initProfile} from '../core/init.js';
import {UserError} from '../errors.js';
import {describeInitResult, initProblem} from '../present/init.js';
import {writeReport, type GlobalOptions, type Io} from './context.js';
import {profileFileDeps} from './profile-file-deps.js';

/** `tunnels init`: writes the example profile file, never over an existing file. */
export async function initCommand(io: Io, globals: GlobalOptions): Promise<void> {
	const result = await initProfile(profileFileDeps(io, globals));
	if (result.kind === 'exists') {
		const {message, hint} = initProblem(result);
		throw new UserError(message, hint);
	}

	writeReport(io, describeInitResult(result));
}
