import {expandPath, type PathContext, type PathKind, type PathProblem} from './paths.js';
import type {ProfileSettings} from './types.js';

/** How ssh is run: resolved once, from the global options, then the environment, then the profile file. */
export type SshSettings = {
	readonly sshBinary: string;
	readonly sshConfigFile: string | undefined;
};

export type SettingsSources = {
	readonly flags: {readonly ssh?: string | undefined; readonly sshConfig?: string | undefined};
	readonly env: Readonly<Record<string, string | undefined>>;
	/** already expanded against the profile file's directory when it was validated */
	readonly profile: ProfileSettings;
	/** what `~` means, and the working directory a flag's or the environment's relative path starts at */
	readonly paths: {readonly home: string | undefined; readonly cwd: string};
};

export type SettingsResolution =
	| {readonly kind: 'ok'; readonly settings: SshSettings}
	/** a flag's or an environment variable's path that cannot be expanded */
	| {readonly kind: 'invalid'; readonly source: string; readonly value: string; readonly problem: PathProblem};

/** One of the settings' sources: a flag or an environment variable, named as the person wrote it. */
type Given = {readonly source: string; readonly value: string};

type Invalid = Extract<SettingsResolution, {kind: 'invalid'}>;

export function resolveSshSettings({flags, env, profile, paths}: SettingsSources): SettingsResolution {
	const context: PathContext = {home: paths.home, env, base: paths.cwd};
	const given = (flag: string | undefined, flagName: string, variable: string): Given | undefined => {
		const value = nonEmpty(env[variable]);
		return flag === undefined ? (value === undefined ? undefined : {source: variable, value}) : {source: flagName, value: flag};
	};

	const sshBinary = expandGiven(given(flags.ssh, '--ssh', 'TUNNELS_SSH'), 'program', context);
	if (sshBinary.kind === 'invalid') {
		return sshBinary;
	}

	const sshConfigFile = expandGiven(given(flags.sshConfig, '--ssh-config', 'TUNNELS_SSH_CONFIG'), 'config-file', context);
	if (sshConfigFile.kind === 'invalid') {
		return sshConfigFile;
	}

	return {
		kind: 'ok',
		settings: {sshBinary: sshBinary.path ?? profile.ssh ?? 'ssh', sshConfigFile: sshConfigFile.path ?? profile.sshConfig},
	};
}

/** A flag's or the environment's path, expanded like the profile's but from the working directory. */
function expandGiven(given: Given | undefined, kind: PathKind, context: PathContext): {readonly kind: 'ok'; readonly path: string | undefined} | Invalid {
	if (given === undefined) {
		return {kind: 'ok', path: undefined};
	}

	const expanded = expandPath(given.value, kind, context);
	return expanded.kind === 'ok' ? expanded : {kind: 'invalid', ...given, problem: expanded};
}

function nonEmpty(value: string | undefined): string | undefined {
	return value === '' ? undefined : value;
}
