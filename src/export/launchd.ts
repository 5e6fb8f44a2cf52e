import type {SshSettings} from '../profile/settings.js';
import type {Tunnel} from '../profile/types.js';
import {serviceArgv, summary} from './service-argv.js';
import type {ServiceDefinition} from './service-file.js';

/**
 * A launchd agent (launchd.plist(5)) that runs the tunnel's ssh in the foreground, at load and again
 * whenever it ends. `settings.sshBinary` must be an absolute path: launchd's PATH is not the user's.
 */
export function launchdPlist(tunnel: Tunnel, settings: SshSettings): string {
	return renderLaunchdPlist(launchdLabel(tunnel), {
		comments: [],
		description: summary(tunnel),
		argv: serviceArgv(tunnel, settings),
		environment: [],
		restart: 'always',
		afterNetwork: true,
	});
}

export function launchdLabel(tunnel: Tunnel): string {
	return `tunnels.${tunnel.name}`;
}

/**
 * A service definition as a launchd property list, run at load. ProgramArguments is an argv array:
 * no shell, no quoting, only XML escaping. `on-failure` keeps it alive only after an unsuccessful exit.
 */
export function renderLaunchdPlist(label: string, service: ServiceDefinition): string {
	const environment = service.environment.length === 0 ? [] : [
		'\t<key>EnvironmentVariables</key>',
		'\t<dict>',
		...service.environment.flatMap(([name, value]) => [`\t\t<key>${escapeXml(name)}</key>`, `\t\t<string>${escapeXml(value)}</string>`]),
		'\t</dict>',
	];
	const keepAlive = service.restart === 'always'
		? ['\t<true/>']
		: ['\t<dict>', '\t\t<key>SuccessfulExit</key>', '\t\t<false/>', '\t</dict>'];
	return [
		'<?xml version="1.0" encoding="UTF-8"?>',
		'<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
		'<plist version="1.0">',
		'<dict>',
		'\t<key>Label</key>',
		`\t<string>${escapeXml(label)}</string>`,
		'\t<key>ProgramArguments</key>',
		'\t<array>',
		...service.argv.map(argument => `\t\t<string>${escapeXml(argument)}</string>`),
		'\t</array>',
		...environment,
		'\t<key>KeepAlive</key>',
		...keepAlive,
		'\t<key>RunAtLoad</key>',
		'\t<true/>',
		'</dict>',
		'</plist>',
		'',
	].join('\n');
}

/** Character data: `&` and `<` must be escaped, `>` too so that `]]>` never appears. Control characters never reach here (the profile refuses them). */
export function escapeXml(text: string): string {
	return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
