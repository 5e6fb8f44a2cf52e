import {parseDocument} from 'yaml';
import {applyEdit, type EditRefusal, type EditRequest} from '../profile/edit-request.js';
import type {ProfileIssue} from '../profile/issue.js';
import {parseProfile} from '../profile/parse.js';
import type {Tunnel} from '../profile/types.js';
import {buildSshArgv} from '../ssh/argv.js';
import type {ProfileChange, ProfileFile, ProfileFileDeps} from './profile-file.js';

export type EditResult =
	| {
		readonly kind: 'edited';
		readonly file: string;
		readonly name: string;
		/** the tunnel's name after the change: another after a rename (the copy's after a copy), undefined after rm */
		readonly newName: string | undefined;
		readonly request: EditRequest;
		/** the entry as the file had it, and as it has it now (undefined after rm) */
		readonly before: unknown;
		readonly after: unknown;
		/** the validated tunnel before: what runs, if it runs */
		readonly tunnel: Tunnel;
		/** the ssh command line changed: a running tunnel runs the old one until restarted */
		readonly commandChanged: boolean;
	}
	| {readonly kind: 'refused'; readonly file: string; readonly refusal: EditRefusal}
	/** the file after the change would not validate: nothing was written */
	| {readonly kind: 'invalid'; readonly file: string; readonly issues: readonly ProfileIssue[]};

/**
 * Applies one change to one tunnel of the profile file through its one writer: under the lock, to the
 * file as it is then, validated as a whole file before anything is written. A dry run says what
 * the change would be (a command that stops a tunnel first makes sure the change will be accepted).
 */
export async function editTunnel(deps: Pick<ProfileFileDeps, 'updateProfile' | 'readProfile' | 'uid'>, name: string, request: EditRequest, options: {readonly dryRun?: boolean} = {}): Promise<EditResult> {
	if (options.dryRun ?? false) {
		return changeOf(deps.uid, await deps.readProfile(), name, request).result;
	}

	return deps.updateProfile(current => changeOf(deps.uid, current, name, request));
}

function changeOf(uid: number, current: ProfileFile, name: string, request: EditRequest): ProfileChange<EditResult> {
	const text = current.text.kind === 'found' ? current.text.text : '';
	const names = current.profile.tunnels.map(tunnel => tunnel.name);
	const applied = applyEdit(text, names, name, request);
	if (applied.kind === 'refused') {
		return {kind: 'keep', result: {kind: 'refused', file: current.path, refusal: applied.refusal}};
	}

	const parsed = parseProfile(applied.text, current.path, {isRoot: uid === 0, paths: current.paths});
	if (parsed.kind === 'invalid') {
		return {kind: 'keep', result: {kind: 'invalid', file: current.path, issues: parsed.issues.filter(issue => issue.severity === 'error')}};
	}

	const newName = request.kind === 'rm' ? undefined : request.kind === 'rename' || request.kind === 'copy' ? request.to : name;
	const tunnel = current.profile.tunnels.find(candidate => candidate.name === name)!;
	const changedTunnel = parsed.profile.tunnels.find(candidate => candidate.name === newName);
	// Whether the tunnel's own command changed: the config file is the same on both sides.
	const commandOf = (of: Tunnel) => JSON.stringify(buildSshArgv(of, {kind: 'minimal', sshConfigFile: undefined}));
	return {
		kind: 'write',
		text: applied.text,
		result: {
			kind: 'edited',
			file: current.path,
			name,
			newName,
			request,
			before: entryOf(text, name),
			after: newName === undefined ? undefined : entryOf(applied.text, newName),
			tunnel,
			commandChanged: changedTunnel !== undefined && commandOf(changedTunnel) !== commandOf(tunnel),
		},
	};
}

function entryOf(text: string, name: string): unknown {
	return parseDocument(text, {uniqueKeys: false}).toJS({maxAliasCount: 100})?.tunnels?.[name];
}
