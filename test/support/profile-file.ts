import type {ConfigImportDeps} from '../../src/core/import.js';
import type {ProfileFile} from '../../src/core/profile-file.js';
import type {SshRun} from '../../src/proc/ssh.js';
import {parseProfile} from '../../src/profile/parse.js';
import type {Tunnel} from '../../src/profile/types.js';
import {testPaths} from './builders.js';

export type FakeProfileFile = {
	readonly deps: ConfigImportDeps;
	/** every write, in order */
	readonly writes: Array<{readonly file: string; readonly text: string}>;
	/** every `ssh -G` argv, in order */
	readonly queries: string[][];
	/** how often the profile file was read */
	readonly reads: () => number;
};

/**
 * The effects of import and init over a profile file held in memory: `text` undefined is a file
 * that does not exist yet. `ssh -G` answers with `answer(argv)`; without it, any query fails the test.
 */
export function fakeProfileFile(options: {
	readonly path?: string;
	readonly text?: string;
	readonly sshConfigFile?: string;
	readonly answer?: (argv: readonly string[]) => SshRun;
} = {}): FakeProfileFile {
	const path = options.path ?? '/home/me/.config/tunnels/tunnels.yaml';
	const writes: Array<{file: string; text: string}> = [];
	const queries: string[][] = [];
	let reads = 0;
	const readProfile = async (): Promise<ProfileFile> => {
		reads++;
		return {
			path,
			text: options.text === undefined ? {kind: 'missing'} : {kind: 'found', text: options.text, mode: 0o600},
			profile: {tunnels: options.text === undefined ? [] : tunnelsOf(options.text, path)},
			ssh: {sshBinary: 'ssh', sshConfigFile: options.sshConfigFile},
			paths: testPaths,
		};
	};
	return {
		deps: {
			uid: 1000,
			cwd: '/home/me/work',
			readProfile,
			async updateProfile(change) {
				const current = await readProfile();
				const decision = change(current);
				if (decision.kind === 'write') {
					writes.push({file: current.path, text: decision.text});
				}

				return decision.result;
			},
			async querySsh(argv) {
				queries.push([...argv]);
				if (options.answer === undefined) {
					throw new Error(`unexpected ssh -G: ${argv.join(' ')}`);
				}

				return options.answer(argv);
			},
		},
		writes,
		queries,
		reads: () => reads,
	};
}

/** The tunnels of a profile file's text, as every command reads them; a test's file must be valid. */
function tunnelsOf(text: string, file: string): readonly Tunnel[] {
	const parsed = parseProfile(text, file, {isRoot: false, paths: testPaths});
	if (parsed.kind === 'invalid') {
		throw new Error(`the test's profile file is invalid: ${JSON.stringify(parsed.issues)}`);
	}

	return parsed.profile.tunnels;
}
