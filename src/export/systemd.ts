import type {SshSettings} from '../profile/settings.js';
import type {Tunnel} from '../profile/types.js';
import {serviceArgv, summary} from './service-argv.js';

/**
 * A systemd user unit that runs the tunnel's ssh in the foreground and restarts it when it ends.
 * `settings.sshBinary` must be an absolute path: the command layer looks it up in PATH, since
 * systemd's own search path is not the user's.
 */
export function systemdUnit(tunnel: Tunnel, settings: SshSettings): string {
	const unit = `tunnels-${tunnel.name}`;
	return [
		`# ${unit}.service, written by \`tunnels export ${tunnel.name} --as systemd\``,
		`# save as ~/.config/systemd/user/${unit}.service, then: systemctl --user daemon-reload && systemctl --user enable --now ${unit}`,
		'[Unit]',
		// A trailing backslash would continue the line into the next directive (systemd.syntax(7)).
		`Description=${escapeSpecifiers(summary(tunnel)).replace(/\\+$/, '')}`,
		'After=network-online.target',
		'Wants=network-online.target',
		'',
		'[Service]',
		`ExecStart=${serviceArgv(tunnel, settings).map(argument => systemdArgument(argument)).join(' ')}`,
		'Restart=always',
		'RestartSec=5',
		'',
		'[Install]',
		'WantedBy=default.target',
		'',
	].join('\n');
}

const plainWord = /^[\w@+=:,./~-]+$/;

/**
 * One ExecStart argument. systemd splits the line itself (systemd.service(5), "Command lines"):
 * double quotes with C escapes, not sh's rules; `%` starts a specifier and `$` a variable in any
 * word, quoted or not, so both are doubled everywhere.
 */
export function systemdArgument(argument: string): string {
	if (plainWord.test(argument)) {
		return argument;
	}

	return `"${escapeSpecifiers(argument.replaceAll(/["\\]/g, char => `\\${char}`)).replaceAll('$', () => '$$')}"`;
}

function escapeSpecifiers(text: string): string {
	return text.replaceAll('%', '%%');
}
