import type {ProfileSettings} from './types.js';

/** How ssh is run: resolved once, from the global options, then the environment, then the profile file. */
export type SshSettings = {
	readonly sshBinary: string;
	readonly sshConfigFile: string | undefined;
};

export type SettingsSources = {
	readonly flags: {readonly ssh?: string | undefined; readonly sshConfig?: string | undefined};
	readonly env: Readonly<Record<string, string | undefined>>;
	readonly profile: ProfileSettings;
};

export function resolveSshSettings({flags, env, profile}: SettingsSources): SshSettings {
	return {
		sshBinary: flags.ssh ?? nonEmpty(env['TUNNELS_SSH']) ?? profile.ssh ?? 'ssh',
		sshConfigFile: flags.sshConfig ?? nonEmpty(env['TUNNELS_SSH_CONFIG']) ?? profile.sshConfig,
	};
}

function nonEmpty(value: string | undefined): string | undefined {
	return value === '' ? undefined : value;
}
