import {resolveExportHost} from '../core/export-host.js';
import {UserError} from '../errors.js';
import {exportTunnel, needsAbsolutePaths, type ExportFormatName} from '../export/index.js';
import type {SshSettings} from '../profile/settings.js';
import {oneUnitPerTunnel, unresolvedHostWarning} from '../present/export.js';
import {querySsh} from '../proc/ssh.js';
import {findExecutable} from '../proc/which.js';
import {findTunnel, loadProfile, type GlobalOptions, type Io} from './context.js';
import {withTagsExpanded} from './targets.js';

export type ExportOptions = {
	/** commander has checked it against exportFormatNames */
	readonly as: ExportFormatName;
};

/** Each tunnel named (`@TAG` for every tunnel with it), in order: one Host block or autossh line each; a unit file is one per tunnel. */
export async function exportCommand(io: Io, globals: GlobalOptions, names: readonly string[], options: ExportOptions): Promise<void> {
	const loaded = await loadProfile(io, globals);
	const tunnels = withTagsExpanded(loaded, names).map(name => findTunnel(loaded, name));
	if (tunnels.length > 1 && (options.as === 'systemd' || options.as === 'launchd')) {
		throw new UserError(...oneUnitPerTunnel(options.as, tunnels.map(({name}) => name)));
	}

	if (options.as === 'ssh-config') {
		for (const tunnel of tunnels) {
			// The block is matched as tunnels-NAME: a Host of the user's config for the tunnel's host no longer applies, so carry it.
			const lookup = await resolveExportHost({querySsh}, tunnel, loaded.ssh);
			if (lookup.kind === 'unresolved') {
				io.stderr(unresolvedHostWarning(tunnel, lookup));
			}

			io.stdout(exportTunnel(tunnel, loaded.ssh, {kind: 'ssh-config', host: lookup.kind === 'resolved' ? lookup.host : undefined}));
		}

		return;
	}

	const format = {kind: options.as};
	const settings = needsAbsolutePaths(format) ? await absoluteSettings(io, loaded.ssh, options.as) : loaded.ssh;
	for (const tunnel of tunnels) {
		io.stdout(exportTunnel(tunnel, settings, format));
	}
}

/** A service manager runs ssh with its own PATH: name ssh by its absolute path (the `-F` file is absolute already, profile/paths.ts). */
async function absoluteSettings(io: Io, ssh: SshSettings, format: ExportFormatName): Promise<SshSettings> {
	const sshBinary = await findExecutable(ssh.sshBinary, io.env['PATH'], io.cwd);
	if (sshBinary === undefined) {
		throw new UserError(
			`\`${ssh.sshBinary}\` is not an executable file${ssh.sshBinary.includes('/') ? '' : ' in PATH'}, and a ${format} file must name ssh by its absolute path`,
			'pass --ssh /usr/bin/ssh (or set TUNNELS_SSH) to the ssh the service should run',
		);
	}

	return {sshBinary, sshConfigFile: ssh.sshConfigFile};
}
