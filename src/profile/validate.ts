import {
	isRecord, optionalBoolean, optionalPath, validateJump, validateKeepAlive, validateOptions, validateRestart, type ReportError,
} from './fields.js';
import path from 'node:path';
import {validateDynamic, validateLocal, validateProbe, validateRemote} from './forward-fields.js';
import {isAddress, parsePort} from './forward-ends.js';
import type {ProfileIssue} from './issue.js';
import type {PathContext} from './paths.js';
import {closest} from './ssh-keywords.js';
import type {ProfileSettings, Tunnel} from './types.js';
import {warnAboutListeners} from './claims.js';

/** Where a value sits in the file: the validator asks, the YAML layer answers. */
export type Locate = (path: ReadonlyArray<string | number>) => number | undefined;

export type ValidationContext = {
	readonly file: string;
	readonly locate: Locate;
	/** binding local ports below 1024 needs root */
	readonly isRoot: boolean;
	/** what `~` and `${NAME}` in the file's paths mean (relative paths start at the file's own directory) */
	readonly paths: Omit<PathContext, 'base'>;
};

export type Validated = {
	readonly settings: ProfileSettings;
	readonly tunnels: readonly Tunnel[];
	readonly issues: readonly ProfileIssue[];
};

const topLevelKeys = ['tunnels', 'ssh', 'sshConfig', 'allowCommands', 'share'];
const tunnelKeys = [
	'description', 'host', 'user', 'port', 'identityFile', 'jump', 'local', 'remote', 'dynamic', 'probe', 'gateway', 'keepAlive', 'restart', 'options', 'allowCommands', 'share',
];

const namePattern = /^[A-Za-z\d][A-Za-z\d._-]{0,63}$/;
const userPattern = /^[A-Za-z\d_][A-Za-z\d._@-]*$/;

/** Checks a parsed profile document; collects every issue instead of stopping at the first. */
export function validateProfile(document: unknown, context: ValidationContext): Validated {
	const issues: ProfileIssue[] = [];
	const report = (severity: ProfileIssue['severity'], path: ReadonlyArray<string | number>, tunnel: string | undefined, message: string, hint?: string) => {
		const fieldPath = tunnel === undefined ? path : path.slice(2);
		issues.push({
			severity,
			file: context.file,
			line: context.locate(path),
			tunnel,
			field: fieldPath.length === 0 ? undefined : formatPath(fieldPath),
			message,
			hint,
		});
	};

	if (document === null || document === undefined) {
		return {settings: {ssh: undefined, sshConfig: undefined}, tunnels: [], issues};
	}

	if (!isRecord(document)) {
		report('error', [], undefined, 'the file must be a map with a `tunnels:` key', 'start the file with `tunnels:` and one named tunnel per entry');
		return {settings: {ssh: undefined, sshConfig: undefined}, tunnels: [], issues};
	}

	for (const key of Object.keys(document)) {
		if (!topLevelKeys.includes(key)) {
			report('error', [key], undefined, `unknown key \`${key}\``, suggest(key, topLevelKeys));
		}
	}

	const paths: PathContext = {...context.paths, base: path.dirname(context.file)};
	const settings: ProfileSettings = {
		ssh: optionalPath(document['ssh'], ['ssh'], 'program', paths, (at, message, hint) => {
			report('error', at, undefined, message, hint);
		}),
		sshConfig: optionalPath(document['sshConfig'], ['sshConfig'], 'config-file', paths, (at, message, hint) => {
			report('error', at, undefined, message, hint);
		}),
	};
	refuseUnconsentedSettings(document, settings, (at, message, hint) => {
		report('error', at, undefined, message, hint);
	});

	const tunnelsValue = document['tunnels'];
	const tunnels: Tunnel[] = [];
	if (tunnelsValue === undefined || tunnelsValue === null) {
		return {settings, tunnels, issues};
	}

	if (!isRecord(tunnelsValue)) {
		report('error', ['tunnels'], undefined, '`tunnels` must be a map of named tunnels', 'write `tunnels:` and under it `name:` entries, indented');
		return {settings, tunnels, issues};
	}

	// The top-level `share` is the default of every tunnel without its own.
	const shareDefault = optionalBoolean(document['share'], 'share', (at, message, hint) => {
		report('error', at, undefined, message, hint);
	});
	for (const [name, value] of Object.entries(tunnelsValue)) {
		const tunnel = validateTunnel(name, value, paths, shareDefault, (at, message, hint) => {
			report('error', ['tunnels', name, ...at], name, message, hint);
		});
		if (tunnel !== undefined) {
			tunnels.push(tunnel);
		}
	}

	warnAboutListeners(tunnels, context.isRoot, (name, path, message, hint) => {
		report('warning', ['tunnels', name, ...path], name, message, hint);
	});

	return {settings, tunnels, issues: issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0))};
}

function validateTunnel(name: string, value: unknown, paths: PathContext, shareDefault: boolean, error: ReportError): Tunnel | undefined {
	const errorsBefore = countingReporter(error);
	const fail = errorsBefore.report;

	if (!namePattern.test(name)) {
		fail([], `name \`${name}\` is not allowed`, 'use letters, digits, `.`, `_` and `-`, starting with a letter or digit, at most 64 characters');
	}

	if (!isRecord(value)) {
		fail([], 'a tunnel must be a map of settings', 'give it at least `host:` and one `local:`, `remote:` or `dynamic:` forward');
		return undefined;
	}

	for (const key of Object.keys(value)) {
		if (!tunnelKeys.includes(key)) {
			fail([key], `unknown key \`${key}\``, suggest(key, tunnelKeys));
		}
	}

	const host = value['host'];
	if (host === undefined) {
		fail([], '`host` is missing', 'set `host:` to the ssh destination: an address or a ~/.ssh/config alias');
	} else if (typeof host !== 'string' || !isAddress(host)) {
		fail(['host'], `\`${String(host)}\` is not a host name or address`, 'a host is letters, digits, `.`, `-`, `_` or an IP address (IPv6 without brackets), never starting with `-`');
	}

	const user = value['user'];
	if (user !== undefined && (typeof user !== 'string' || !userPattern.test(user))) {
		fail(['user'], `\`${String(user)}\` is not a user name`, 'a user is letters, digits, `.`, `_`, `-` or `@`, never starting with `-`');
	}

	let port: number | undefined;
	if (value['port'] !== undefined) {
		port = parsePort(value['port']);
		if (port === undefined) {
			fail(['port'], `must be 1-65535, got \`${String(value['port'])}\``);
		}
	}

	const identityFile = optionalPath(value['identityFile'], ['identityFile'], 'identity-file', paths, fail);

	const jump = validateJump(value['jump'], fail);
	const local = validateLocal(value['local'], fail);
	const remote = validateRemote(value['remote'], fail);
	const dynamic = validateDynamic(value['dynamic'], fail);
	if (value['local'] === undefined && value['remote'] === undefined && value['dynamic'] === undefined) {
		fail([], 'the tunnel forwards nothing', 'add `local:` (-L) or `remote:` (-R) with forwards like 9906:10.1.0.2:3306, or `dynamic:` (-D) with a SOCKS port like 1080');
	}

	const probe = validateProbe(value['probe'], fail);

	const gateway = optionalBoolean(value['gateway'], 'gateway', fail);
	const share = value['share'] === undefined ? shareDefault : optionalBoolean(value['share'], 'share', fail);
	if (share && local.length === 0 && dynamic.length === 0 && value['local'] === undefined && value['dynamic'] === undefined) {
		// A shared master carries a tunnel when it holds the tunnel's listeners here; a forward that
		// listens on the server alone cannot be seen from this side.
		fail(value['share'] === undefined ? [] : ['share'], 'a shared tunnel needs a `local:` or `dynamic:` forward: with `remote:` forwards alone nothing shows from here that the shared connection carries it', 'set `share: false` for this tunnel, or add a local forward');
	}
	const allowCommands = optionalBoolean(value['allowCommands'], 'allowCommands', fail);
	const keepAlive = validateKeepAlive(value['keepAlive'], fail);
	const restart = validateRestart(value['restart'], fail);
	const options = validateOptions(value['options'], allowCommands, fail);

	const description = value['description'];
	if (description !== undefined && typeof description !== 'string') {
		fail(['description'], 'must be text');
	}

	if (errorsBefore.count() > 0 || typeof host !== 'string') {
		return undefined;
	}

	return {
		name,
		source: {kind: 'profile'},
		description: typeof description === 'string' ? description : undefined,
		host,
		user: typeof user === 'string' ? user : undefined,
		port,
		identityFile,
		jump,
		local,
		remote,
		dynamic,
		probe,
		gateway,
		...(share ? {share} : {}),
		keepAlive,
		restart,
		options,
	};
}

function countingReporter(error: ReportError): {report: ReportError; count: () => number} {
	let count = 0;
	return {
		report(path, message, hint) {
			count++;
			error(path, message, hint);
		},
		count: () => count,
	};
}

function suggest(key: string, known: readonly string[]): string {
	const match = closest(key, known);
	return match === undefined ? `known keys: ${known.join(', ')}` : `did you mean \`${match}\`?`;
}

function formatPath(path: ReadonlyArray<string | number>): string {
	return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`)).join('');
}

/**
 * `ssh:` names a program tunnels runs; `sshConfig:` a file whose `Match exec`, ProxyCommand or
 * LocalCommand ssh runs, even for `ssh -G` on a plain `ls`. In a file shared between colleagues both
 * need the consent command-running options need (issue 13, item 1); a person's own flags and
 * environment need none.
 */
function refuseUnconsentedSettings(document: Record<string, unknown>, settings: ProfileSettings, fail: ReportError): void {
	if (optionalBoolean(document['allowCommands'], 'allowCommands', fail)) {
		return;
	}

	const hint = (flag: string, variable: string) => `if you trust this file, add \`allowCommands: true\` at its top; or pass ${flag} or set ${variable} yourself`;
	if (settings.ssh !== undefined) {
		fail(['ssh'], 'names a program that tunnels runs, refused in a shared profile', hint('--ssh', 'TUNNELS_SSH'));
	}

	if (settings.sshConfig !== undefined && settings.sshConfig.toLowerCase() !== 'none') {
		fail(['sshConfig'], 'names an ssh config file, which can make ssh run programs (Match exec, ProxyCommand), refused in a shared profile', hint('--ssh-config', 'TUNNELS_SSH_CONFIG'));
	}
}
