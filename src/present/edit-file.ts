// What `tunnels edit` (and the UI's e) says after a run of the editor.

/** One run of the editor on the copy of the profile file. */
export type EditPass =
	| {readonly kind: 'editor-failed'; readonly status: number}
	| {readonly kind: 'unchanged'}
	| {readonly kind: 'saved'; readonly tunnels: number}
	/** the copy does not validate: every issue as the CLI prints it, and how many are errors */
	| {readonly kind: 'invalid'; readonly lines: readonly string[]; readonly errors: number};

export function describeEditPass(file: string, pass: Exclude<EditPass, {kind: 'invalid'}>): string {
	switch (pass.kind) {
		case 'editor-failed': {
			return `the editor exited with status ${pass.status}; ${file} was not changed`;
		}

		case 'unchanged': {
			return `no changes; ${file} was not changed`;
		}

		case 'saved': {
			return `${file}: ${pass.tunnels} tunnel${pass.tunnels === 1 ? '' : 's'}, saved`;
		}
	}
}
