import type {SshSettings} from '../profile/settings.js';
import type {Tunnel} from '../profile/types.js';
import {autosshCommand} from './autossh.js';
import type {ExportFormat} from './formats.js';
import {launchdPlist} from './launchd.js';
import {sshConfigBlock} from './ssh-config.js';
import {systemdUnit} from './systemd.js';

export {exportFormatNames, type ExportFormat, type ExportFormatName} from './formats.js';

/** A validated tunnel as the text another tool reads: a unit, a plist, a command line or a config block. */
export function exportTunnel(tunnel: Tunnel, settings: SshSettings, format: ExportFormat): string {
	switch (format.kind) {
		case 'systemd': {
			return systemdUnit(tunnel, settings);
		}

		case 'launchd': {
			return launchdPlist(tunnel, settings);
		}

		case 'autossh': {
			return autosshCommand(tunnel, settings);
		}

		case 'ssh-config': {
			return sshConfigBlock(tunnel, format.host);
		}

		default: {
			return assertNever(format);
		}
	}
}

/**
 * Formats whose supervisor starts ssh with its own PATH and working directory: the ssh binary and
 * the `-F` file must be absolute paths there.
 */
export function needsAbsolutePaths(format: ExportFormat): boolean {
	return format.kind === 'systemd' || format.kind === 'launchd';
}

function assertNever(value: never): never {
	throw new Error(`unexpected export format: ${JSON.stringify(value)}`);
}
