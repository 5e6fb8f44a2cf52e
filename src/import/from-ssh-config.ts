import {formatForward, formatListen} from '../profile/forward-text.js';
import {classifyKeyword} from '../profile/ssh-keywords.js';
import {configuredForwards, effectiveForwards, type EffectiveConfig} from '../ssh-config/effective.js';
import {droppedKeywords, type SpecResult, type TunnelSpec} from './from-ssh-command.js';

/** Where ssh really connects for a host: HostName, User and Port as `ssh -G` resolved them. */
export type ConfigDestination = {
	readonly host: string;
	readonly user: string | undefined;
	readonly port: number;
};

export function configDestination(alias: string, config: EffectiveConfig): ConfigDestination {
	return {host: config.get('hostname')?.[0] ?? alias, user: config.get('user')?.[0], port: Number(config.get('port')?.[0] ?? 22)};
}

export type ConfigImport =
	| {readonly kind: 'ok'; readonly spec: TunnelSpec; readonly notCarried: readonly string[]}
	| Extract<SpecResult, {kind: 'error'}>;

// What the entry carries itself, what the tool sets on every tunnel, and ssh -G's `host` line.
const carried = new Set(['host', 'hostname', 'user', 'port', 'proxyjump', 'identityfile', 'gatewayports', 'localforward', 'remoteforward', 'dynamicforward', 'requesttty']);
const notCompared = new Set([...carried, ...[...droppedKeywords].map(keyword => keyword.toLowerCase())]);

/**
 * A profile entry for a tunnel of the ssh config, from `ssh -G ALIAS` (`alias`) and `ssh -G` of
 * the entry's own destination (`entry`). The entry connects to where the alias resolves, never to
 * the alias itself: ssh would add the alias's forwards to the entry's and bind each twice.
 * IdentityFile is carried only when the alias has files the entry would not get anyway (ssh -G
 * lists ssh's default files too). Every other setting of the alias that the entry would not get is
 * named in `notCarried`.
 */
export function configImport(aliasName: string, alias: EffectiveConfig, entry: EffectiveConfig): ConfigImport {
	const {local, remote, dynamic, unsupported} = effectiveForwards(alias);
	if (local.length === 0 && remote.length === 0 && dynamic.length === 0) {
		return {kind: 'error', message: `the ssh config defines no LocalForward, RemoteForward or DynamicForward for \`${aliasName}\``, hint: 'tunnels ls lists the tunnels of the ssh config'};
	}

	const destination = configDestination(aliasName, alias);
	const doubled = configuredForwards(entry);
	if (doubled.length > 0) {
		return {
			kind: 'error',
			message: `the ssh config adds ${doubled.join(', ')} for ${destination.host} too: the imported tunnel would bind them twice`,
			hint: `keep using the ssh config's tunnel (tunnels up ssh:${aliasName}), or narrow the Host or Match line that adds them`,
		};
	}

	const entryFiles = entry.get('identityfile') ?? [];
	const ownFiles = (alias.get('identityfile') ?? []).filter(file => !entryFiles.includes(file));
	const jump = alias.get('proxyjump')?.[0];
	const hops = jump === undefined || jump === 'none' ? [] : jump.split(',');
	const spec: TunnelSpec = {host: destination.host};
	Object.assign(
		spec,
		destination.user === undefined ? {} : {user: destination.user},
		{port: destination.port},
		ownFiles[0] === undefined ? {} : {identityFile: ownFiles[0]},
		hops.length === 0 ? {} : {jump: hops.length === 1 ? hops[0] : hops},
		alias.get('gatewayports')?.[0] === 'yes' ? {gateway: true} : {},
		local.length === 0 ? {} : {local: local.map(forward => formatForward(forward))},
		remote.length === 0 ? {} : {remote: remote.map(forward => formatForward(forward))},
		dynamic.length === 0 ? {} : {dynamic: dynamic.map(forward => formatListen(forward.listen))},
	);
	const notCarried = [...unsupported, ...ownFiles.slice(1).map(file => `IdentityFile ${file}`), ...settingsNotCarried(alias, entry)];
	return {kind: 'ok', spec, notCarried};
}

/** Settings whose value for the alias differs from the entry's, as `Keyword value` (`Keyword none` when the alias has none). */
export function settingsNotCarried(alias: EffectiveConfig, entry: EffectiveConfig): string[] {
	const keywords = [...new Set([...alias.keys(), ...entry.keys()])].filter(keyword => !notCompared.has(keyword));
	return keywords
		.filter(keyword => (alias.get(keyword) ?? []).join('\n') !== (entry.get(keyword) ?? []).join('\n'))
		.map(keyword => {
			const known = classifyKeyword(keyword);
			return `${known.kind === 'unknown' ? keyword : known.keyword} ${alias.get(keyword)?.join(' ') ?? 'none'}`;
		});
}
