import {runDoctor, type ProfileState} from '../core/doctor.js';
import {systemDeps} from '../core/system.js';
import {UserError} from '../errors.js';
import {socketDirectoryPath} from '../mux/control-path.js';
import {doctorLineText} from '../present/doctor.js';
import {doctorJson} from '../present/json/doctor.js';
import {profilePath} from '../store/paths.js';
import {findTunnel, loadProfile, sshSettings, type GlobalOptions, type Io, type LoadedProfile} from './context.js';

/** Checks ssh, the profile file, the socket directory and the ssh config; with a name, a test channel. Exit 1 on any failure. */
export async function doctorCommand(io: Io, globals: GlobalOptions, name: string | undefined, options: {readonly json?: boolean}): Promise<number> {
	const path = profilePath({flag: globals.config, env: io.env, home: io.home, cwd: io.cwd});
	let loaded: LoadedProfile | undefined;
	let profile: ProfileState;
	try {
		loaded = await loadProfile(io, globals);
		profile = loaded.text.kind === 'missing'
			? {kind: 'missing', path}
			: {kind: 'loaded', path, tunnels: loaded.profile.tunnels, warnings: loaded.warnings};
	} catch (error) {
		// A broken profile file is one of the things the doctor reports, not a reason to stop.
		if (!(error instanceof UserError)) {
			throw error;
		}

		profile = {kind: 'invalid', path, problem: error.details === undefined ? error.message : `${error.message}\n${error.details}`, fix: error.hint ?? 'fix the file as the errors say'};
	}

	const named = name === undefined ? undefined : loaded === undefined ? undefined : findTunnel(loaded, name);
	if (name !== undefined && loaded === undefined) {
		throw new UserError(`cannot test tunnel \`${name}\`: the profile file does not load`, 'run tunnels doctor without a name to see why');
	}

	const ssh = loaded?.ssh ?? sshSettings(io, globals, {ssh: undefined, sshConfig: undefined});
	const place = loaded ?? (({directory, base}) => ({socketDirectory: directory, socketBase: base}))(socketDirectoryPath({env: io.env, uid: io.uid, tmpdir: io.tmpdir, profilePath: path}));
	const lines = await runDoctor(systemDeps(place, io.uid), {ssh, profile, named});
	if (options.json) {
		io.stdout(`${JSON.stringify(doctorJson(lines), undefined, 2)}\n`);
	} else {
		for (const line of lines) {
			io.stdout(`${doctorLineText(line)}\n`);
		}
	}

	return lines.some(line => line.verdict.kind === 'fail') ? 1 : 0;
}
