/** The ssh version, from the first line `ssh -V` prints on stderr. */
export type SshVersion =
	| {readonly kind: 'openssh'; readonly major: number; readonly minor: number; readonly text: string}
	| {readonly kind: 'other'; readonly text: string};

/** The oldest OpenSSH with everything the tool relies on: -O check/exit, ControlPersist, -W, Unix-socket forwards (6.7). */
export const minimumOpenSsh = {major: 6, minor: 7} as const;

export function parseSshVersion(output: string): SshVersion {
	const text = output.trim().split('\n')[0] ?? '';
	const match = /^OpenSSH_(\d+)\.(\d+)/.exec(text);
	return match ? {kind: 'openssh', major: Number(match[1]), minor: Number(match[2]), text} : {kind: 'other', text};
}

export function isRecentEnough(version: SshVersion): boolean {
	return version.kind === 'openssh'
		&& (version.major > minimumOpenSsh.major || (version.major === minimumOpenSsh.major && version.minor >= minimumOpenSsh.minor));
}
