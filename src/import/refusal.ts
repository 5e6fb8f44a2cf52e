import type {ProfileIssue} from '../profile/issue.js';

/** Why an import wrote nothing: causes only; present/import.ts words them. */
export type ImportRefusal =
	/** a pasted command and --from-ssh-config at once */
	| {readonly kind: 'two-sources'}
	| {readonly kind: 'no-command'}
	| {readonly kind: 'not-ssh'; readonly program: string}
	/** the pasted line is not plain words (a shell would do more than run ssh) */
	| {readonly kind: 'unsplittable'; readonly message: string}
	/** ssh would not read these arguments */
	| {readonly kind: 'bad-arguments'; readonly message: string}
	/** the command or the ssh config asks for what a profile entry does not hold */
	| {readonly kind: 'unrepresentable'; readonly message: string; readonly hint: string | undefined}
	/** --from-ssh-config named something that cannot be a Host */
	| {readonly kind: 'not-a-host'; readonly host: string}
	/** `ssh -G` failed, nearly always on a broken ssh config file */
	| {readonly kind: 'ssh-config-failed'; readonly host: string; readonly exitCode: number; readonly stderr: string; readonly sshConfigFile: string | undefined}
	/** the file already has a tunnel that runs this very command (without --name, which asks for a copy) */
	| {readonly kind: 'already-there'; readonly name: string; readonly file: string}
	/** --name names a tunnel the file has */
	| {readonly kind: 'name-taken'; readonly name: string; readonly file: string}
	/** the new entry fails the validation every hand-written entry goes through: its own errors */
	| {readonly kind: 'invalid-entry'; readonly issues: readonly ProfileIssue[]};
