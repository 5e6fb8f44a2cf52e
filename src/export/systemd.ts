import type {SshSettings} from '../profile/settings.js';
import type {Tunnel} from '../profile/types.js';
import {serviceArgv, summary} from './service-argv.js';
import type {ServiceDefinition} from './service-file.js';

/**
 * A systemd user unit that runs the tunnel's ssh in the foreground and restarts it when it ends.
 * `settings.sshBinary` must be an absolute path: the command layer looks it up in PATH, since
 * systemd's own search path is not the user's.
 */
export function systemdUnit(tunnel: Tunnel, settings: SshSettings): string {
	const unit = `tunnels-${tunnel.name}`;
	return renderSystemdUnit({
		comments: [
			`${unit}.service, written by \`tunnels export ${tunnel.name} --as systemd\``,
			`save as ~/.config/systemd/user/${unit}.service, then: systemctl --user daemon-reload && systemctl --user enable --now ${unit}`,
		],
		description: summary(tunnel),
		argv: serviceArgv(tunnel, settings),
		environment: [],
		restart: 'always',
		afterNetwork: true,
	});
}

/** A service definition as a systemd unit file (systemd.service(5)), installed for `default.target`. */
export function renderSystemdUnit(service: ServiceDefinition): string {
	return [
		...service.comments.map(line => `# ${line}`),
		'[Unit]',
		// A trailing backslash would continue the line into the next directive (systemd.syntax(7)).
		`Description=${escapeSpecifiers(service.description).replace(/\\+$/, '')}`,
		...(service.afterNetwork ? ['After=network-online.target', 'Wants=network-online.target'] : []),
		'',
		'[Service]',
		...service.environment.map(([name, value]) => `Environment=${environmentAssignment(name, value)}`),
		`ExecStart=${service.argv.map(argument => systemdArgument(argument)).join(' ')}`,
		`Restart=${service.restart}`,
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

	return `"${quotedText(argument).replaceAll('$', () => '$$')}"`;
}

/** One `Environment=` assignment, quoted: specifiers apply there, variables do not (systemd.exec(5)). */
function environmentAssignment(name: string, value: string): string {
	return `"${quotedText(`${name}=${value}`)}"`;
}

function quotedText(text: string): string {
	return escapeSpecifiers(text.replaceAll(/["\\]/g, char => `\\${char}`));
}

function escapeSpecifiers(text: string): string {
	return text.replaceAll('%', '%%');
}
