import type {SshSettings} from '../profile/settings.js';
import type {Tunnel} from '../profile/types.js';
import {quoteArgument, quoteCommand} from '../ssh/quote.js';
import {serviceArgv} from './service-argv.js';

/**
 * The equivalent autossh command, shell-quoted. `-M 0`: no monitor port, ssh's own keep-alives
 * detect a dead server; `-f` is autossh's (it goes to the background, then runs ssh in the
 * foreground, so no prompt can be answered: BatchMode). autossh runs AUTOSSH_PATH or its built-in
 * ssh, so any other ssh binary is passed that way. autossh 1.4g drops the `--` before running ssh;
 * the destination is safe without it because the profile refuses hosts and users that start with `-`.
 */
export function autosshCommand(tunnel: Tunnel, settings: SshSettings): string {
	const [ssh, ...args] = serviceArgv(tunnel, settings);
	const environment = ssh === undefined || ssh === 'ssh' ? '' : `AUTOSSH_PATH=${quoteArgument(ssh)} `;
	return `${environment}${quoteCommand(['autossh', '-M', '0', '-f', ...args])}\n`;
}
