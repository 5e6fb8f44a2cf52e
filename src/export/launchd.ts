import type {SshSettings} from '../profile/settings.js';
import type {Tunnel} from '../profile/types.js';
import {serviceArgv} from './service-argv.js';

/**
 * A launchd agent (launchd.plist(5)) that runs the tunnel's ssh in the foreground, at load and again
 * whenever it ends. ProgramArguments is an argv array: no shell, no quoting, only XML escaping.
 * `settings.sshBinary` must be an absolute path: launchd's PATH is not the user's.
 */
export function launchdPlist(tunnel: Tunnel, settings: SshSettings): string {
	return [
		'<?xml version="1.0" encoding="UTF-8"?>',
		'<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
		'<plist version="1.0">',
		'<dict>',
		'\t<key>Label</key>',
		`\t<string>${escapeXml(launchdLabel(tunnel))}</string>`,
		'\t<key>ProgramArguments</key>',
		'\t<array>',
		...serviceArgv(tunnel, settings).map(argument => `\t\t<string>${escapeXml(argument)}</string>`),
		'\t</array>',
		'\t<key>KeepAlive</key>',
		'\t<true/>',
		'\t<key>RunAtLoad</key>',
		'\t<true/>',
		'</dict>',
		'</plist>',
		'',
	].join('\n');
}

export function launchdLabel(tunnel: Tunnel): string {
	return `tunnels.${tunnel.name}`;
}

/** Character data: `&` and `<` must be escaped, `>` too so that `]]>` never appears. Control characters never reach here (the profile refuses them). */
export function escapeXml(text: string): string {
	return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
