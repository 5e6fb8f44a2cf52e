import type {SshSettings} from '../profile/settings.js';
import type {Profile} from '../profile/types.js';
import type {ValidationContext} from '../profile/validate.js';
import type {ProfileText} from '../store/profile-file.js';

/** The profile file as a use case starts from it: read and validated (a broken file has thrown by then). */
export type ProfileFile = {
	readonly path: string;
	/** the text as read, handed back to writeProfile, which refuses when the file changed meanwhile */
	readonly text: ProfileText;
	/** its tunnels, validated */
	readonly profile: Pick<Profile, 'tunnels'>;
	readonly ssh: SshSettings;
	/** what `~` and `${NAME}` mean in its paths */
	readonly paths: ValidationContext['paths'];
};

/** The effects of the use cases that add to the profile file (import, init); commands/ builds the real ones. */
export type ProfileFileDeps = {
	/** root's profile is validated more strictly */
	readonly uid: number;
	/** where the command runs: a pasted command's relative paths start here */
	readonly cwd: string;
	readonly readProfile: () => Promise<ProfileFile>;
	/**
	 * The one way to write the file: takes its writers' lock, re-reads and validates it, applies
	 * `change` to what it holds now, and writes the new text (a temporary file, fsync, rename) before
	 * letting go. Concurrent writers each apply their change to the other's result (issue 13, item 8).
	 */
	readonly updateProfile: <T>(change: (current: ProfileFile) => ProfileChange<T>) => Promise<T>;
};

/** What a writer makes of the file as it is now: new text (validated by then) and its result, or only a result. */
export type ProfileChange<T> =
	| {readonly kind: 'write'; readonly text: string; readonly result: T}
	| {readonly kind: 'keep'; readonly result: T};
