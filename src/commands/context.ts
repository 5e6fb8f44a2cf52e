import process from 'node:process';
import {UserError} from '../errors.js';
import {formatIssue, type ProfileIssue} from '../profile/issue.js';
import type {ProfileParse} from '../profile/parse.js';
import {cachedParse, cacheEntryFor, recordingEnv, type ParseInput} from '../profile/parse-cache.js';
import {suggestionHint} from '../profile/suggest.js';
import {pathProblemWords} from '../profile/paths.js';
import {resolveSshSettings, type SettingsSources, type SshSettings} from '../profile/settings.js';
import type {Profile, Tunnel} from '../profile/types.js';
import type {TunnelTarget} from '../tunnel/target.js';
import type {ReportLine} from '../present/up.js';
import {controlPathFor, sharedControlPathFor, socketDirectoryPath} from '../mux/control-path.js';
import {connectionIdentity, isShared} from '../tunnel/share.js';
import {profilePath} from '../store/paths.js';
import {readProfileText, type ProfileText} from '../store/profile-file.js';
import {readProfileCache, writeProfileCache, type CacheLocation} from '../store/profile-cache.js';
import {distrustOf} from '../store/trusted-file.js';
import {describeDistrust, type DistrustedRole} from '../present/trusted-file.js';

/** What a command may touch of the outside world; built once in cli.ts. */
export type Io = {
	readonly stdout: (text: string) => void;
	readonly stderr: (text: string) => void;
	readonly env: Readonly<Record<string, string | undefined>>;
	readonly cwd: string;
	readonly home: string;
	/** the password database's home: what ssh's `~` means (misc.c tilde_expand), $HOME aside */
	readonly passwordHome: string | undefined;
	readonly uid: number;
	readonly tmpdir: string;
	/** stdout's width when it is a terminal (`ls` fits in it); undefined for a pipe or a file */
	readonly columns?: number;
	/** stdin and stdout are a terminal: ssh may prompt, the UI may draw */
	readonly interactive: boolean;
	/** asks a yes/no question on the terminal */
	readonly confirm: (question: string) => Promise<boolean>;
	/** the program ssh runs to ask the UI its questions (bin/tunnels-askpass.js) */
	readonly askpassHelper: string;
	/** this program's own bin/tunnels.js, absolute */
	readonly program: string;
	/** calls `handler` on SIGINT and SIGTERM instead of ending the process; returns how to stop listening */
	readonly onStopSignal: (handler: () => void) => () => void;
};

/** Report lines as the CLI prints them: info on stdout, the rest on stderr with their level. */
export function writeReport(io: Io, lines: readonly ReportLine[]): void {
	for (const {level, text} of lines) {
		if (level === 'info') {
			io.stdout(`${text}\n`);
		} else {
			io.stderr(`${level === 'detail' ? '' : `${level}: `}${text}\n`);
		}
	}
}

export type GlobalOptions = {
	readonly config?: string;
	readonly ssh?: string;
	readonly sshConfig?: string;
};

export type LoadedProfile = {
	readonly path: string;
	/** the file as read, to detect concurrent edits before writing it back */
	readonly text: ProfileText;
	/** an empty profile when the file does not exist yet */
	readonly profile: Profile;
	readonly warnings: readonly ProfileIssue[];
	readonly ssh: SshSettings;
	/** what `~` and `${NAME}` mean in the profile's paths */
	readonly paths: ProfilePaths;
	readonly socketDirectory: string;
	/** the directory above it that must be ours as well (TUNNELS_RUNTIME_DIR when set) */
	readonly socketBase: string;
};

/** Finds, reads and validates the profile file; every error of the file is reported at once (exit 2). */
export async function loadProfile(io: Io, globals: GlobalOptions): Promise<LoadedProfile> {
	const path = profilePath({flag: globals.config, env: io.env, home: io.home, cwd: io.cwd});
	const text = await readProfileText(path);
	const sockets = socketDirectoryPath({env: io.env, uid: io.uid, tmpdir: io.tmpdir, profilePath: path});
	const parsed = text.kind === 'missing'
		? {kind: 'ok' as const, profile: {file: path, settings: {ssh: undefined, sshConfig: undefined}, tunnels: []}, warnings: []}
		: await parseProfileText(io, path, text.text, {directory: sockets.directory, base: sockets.base, uid: io.uid});
	if (parsed.kind === 'invalid') {
		const errors = parsed.issues.filter(issue => issue.severity === 'error').length;
		throw new UserError(
			`${errors} error${errors === 1 ? '' : 's'} in ${path}; nothing was run`,
			undefined,
			2,
			parsed.issues.map(issue => formatIssue(issue)).join('\n'),
		);
	}

	const ssh = sshSettings(io, globals, parsed.profile.settings);
	await refuseDistrustedFiles(io, ssh);
	return {
		path,
		text,
		profile: parsed.profile,
		warnings: parsed.warnings,
		ssh,
		paths: pathsOf(io),
		socketDirectory: sockets.directory,
		socketBase: sockets.base,
	};
}

/** The bundle's build (.ci/build.mjs defines it): a cache entry is taken only from the same code. */
declare const TUNNELS_BUILD_ID: string | undefined;

/**
 * The profile parsed and validated (profile/parse.ts), or taken from the cache of the last parse of
 * exactly this text with exactly these inputs (profile/parse-cache.ts), without loading the YAML
 * code. Unbundled (dist/src) there is no build id, and no cache.
 */
async function parseProfileText(io: Io, file: string, text: string, cache: CacheLocation): Promise<ProfileParse> {
	const context = {isRoot: io.uid === 0, paths: pathsOf(io)};
	const input: ParseInput | undefined = typeof TUNNELS_BUILD_ID === 'string' ? {text, file, context, build: TUNNELS_BUILD_ID, platform: process.platform} : undefined;
	const content = input === undefined ? undefined : await readProfileCache(cache);
	const hit = content === undefined || input === undefined ? undefined : cachedParse(content, input);
	if (hit !== undefined) {
		return hit;
	}

	const {parseProfile} = await import('../profile/parse.js');
	const recording = recordingEnv(context.paths.env);
	const parsed = parseProfile(text, file, {...context, paths: {...context.paths, env: recording.env}});
	const entry = input === undefined ? undefined : cacheEntryFor(input, recording.read(), parsed);
	if (entry !== undefined) {
		await writeProfileCache(cache, entry);
	}

	return parsed;
}

/** What `~` and `${NAME}` mean in paths: the password database's home and the environment, as for ssh. */
export type ProfilePaths = {readonly home: string | undefined; readonly env: Readonly<Record<string, string | undefined>>};

export function pathsOf(io: Io): ProfilePaths {
	return {home: io.passwordHome, env: io.env};
}

/** How ssh is run: --ssh / --ssh-config, TUNNELS_SSH / TUNNELS_SSH_CONFIG, then the profile's own; a path that cannot be expanded is a user error. */
export function sshSettings(io: Io, globals: GlobalOptions, profile: SettingsSources['profile']): SshSettings {
	const resolved = resolveSshSettings({flags: globals, env: io.env, profile, paths: {home: io.passwordHome, cwd: io.cwd}});
	if (resolved.kind === 'invalid') {
		const {message, hint} = pathProblemWords(resolved.problem, resolved.value);
		throw new UserError(`${resolved.source}: ${message}`, hint);
	}

	return resolved.settings;
}

/**
 * The ssh program and config file, wherever they were named, are checked as the profile is before
 * anything runs ssh (an `ls` runs `ssh -G`): a file others can write, or another user's, is refused.
 */
export async function refuseDistrustedFiles(io: Pick<Io, 'uid'>, ssh: SshSettings): Promise<void> {
	const files: Array<readonly [string, DistrustedRole]> = [
		...(ssh.sshBinary.includes('/') ? [[ssh.sshBinary, 'ssh-program'] as const] : []),
		...(ssh.sshConfigFile === undefined || ssh.sshConfigFile.toLowerCase() === 'none' ? [] : [[ssh.sshConfigFile, 'ssh-config'] as const]),
	];
	for (const [file, role] of files) {
		const distrust = await distrustOf(file, io.uid);
		// A config that is no file (a FIFO, /dev/zero) is not read, and ls says so (store/ssh-config-files.ts).
		if (distrust !== undefined && !(role === 'ssh-config' && distrust.kind === 'not-regular')) {
			const {message, hint} = describeDistrust(file, role, distrust, io.uid);
			throw new UserError(message, hint);
		}
	}
}

export function findTunnel(loaded: LoadedProfile, name: string): Tunnel {
	const tunnel = loaded.profile.tunnels.find(candidate => candidate.name === name);
	if (tunnel === undefined) {
		throw unknownTunnel(loaded, name, loaded.profile.tunnels.map(candidate => candidate.name));
	}

	return tunnel;
}

/** No tunnel of that name: says where it looked and which names there are. */
export function unknownTunnel(loaded: LoadedProfile, name: string, names: readonly string[]): UserError {
	return new UserError(
		loaded.text.kind === 'missing' ? `no tunnel \`${name}\`: ${loaded.path} does not exist` : `no tunnel \`${name}\` in ${loaded.path}`,
		names.length === 0 ? 'add one with `tunnels import -- ssh -L …` or `tunnels init`' : suggestionHint(name, names, 'tunnels here'),
	);
}

/** The control socket path of a tunnel, or a user error when no short enough path exists. */
export function controlPathOf(loaded: LoadedProfile, tunnel: Tunnel): string {
	const controlPath = isShared(tunnel) ? sharedControlPathFor(loaded.socketDirectory, connectionIdentity(tunnel, loaded.ssh)) : controlPathFor(loaded.socketDirectory, tunnel.name);
	if (controlPath.kind === 'too-long') {
		throw new UserError(
			`control path ${controlPath.path} is too long for a Unix socket (${Buffer.byteLength(controlPath.path)} bytes; ssh needs it under about 90)`,
			'set TUNNELS_RUNTIME_DIR to a short directory, e.g. /tmp/tunnels-$(id -u)',
		);
	}

	return controlPath.path;
}

/** A tunnel with its control path and the profile's ssh settings. */
export function targetOf(loaded: LoadedProfile, tunnel: Tunnel): TunnelTarget {
	return {tunnel, controlPath: controlPathOf(loaded, tunnel), ssh: loaded.ssh};
}

/** Every tunnel of the profile file (commands/targets.ts adds the ssh config's). */
export function targetsOf(loaded: LoadedProfile): TunnelTarget[] {
	return loaded.profile.tunnels.map(tunnel => targetOf(loaded, tunnel));
}
