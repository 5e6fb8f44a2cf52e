import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {UserError} from '../errors.js';
import {describeEditPass, type EditPass} from '../present/edit-file.js';
import {entryLine, entryNames} from '../profile/edit-entry.js';
import {exampleProfile} from '../profile/example.js';
import {formatIssue} from '../profile/issue.js';
import {parseProfile} from '../profile/parse.js';
import {suggestionHint} from '../profile/suggest.js';
import {editorOf, runEditor} from '../proc/editor.js';
import {profilePath} from '../store/paths.js';
import {readProfileText, type ProfileText} from '../store/profile-file.js';
import {pathsOf, type GlobalOptions, type Io} from './context.js';
import {replaceProfileText} from './profile-file-deps.js';

/** A copy of the profile file being edited: where it is, and what the file was when it was made. */
export type EditSession = {
	readonly file: string;
	readonly original: ProfileText;
	readonly originalText: string;
	readonly directory: string;
	readonly copy: string;
	readonly line: number | undefined;
};

/**
 * `tunnels edit [NAME]`, as `crontab -e` and `kubectl edit`: the person's editor on a copy of the
 * profile file, at the tunnel's line; on save the copy is validated as a whole file and installed
 * through the one writer. A copy that does not validate is never installed: on a terminal the errors
 * are shown and the editor offered again; otherwise exit 2, the file untouched, the copy kept and
 * named. An editor that exits non-zero changes nothing. Without a profile file, the example is edited.
 */
export async function editCommand(io: Io, globals: GlobalOptions, name: string | undefined): Promise<number> {
	const session = await openEditSession(io, globals, name);
	let keepCopy = false;
	try {
		for (;;) {
			const pass = await editPass(io, globals, session);
			if (pass.kind !== 'invalid') {
				const said = `${describeEditPass(session.file, pass)}\n`;
				if (pass.kind === 'editor-failed') io.stderr(said);
				else io.stdout(said);
				return pass.kind === 'editor-failed' ? 1 : 0;
			}

			for (const line of pass.lines) {
				io.stderr(`${line}\n`);
			}

			if (!io.interactive || !(await io.confirm(`${pass.errors} error${pass.errors === 1 ? '' : 's'}: edit again? [y/N] `))) {
				keepCopy = true;
				throw new UserError(`${session.file} was not changed: the edited copy does not validate`, `your edited copy is kept: ${session.copy}`);
			}
		}
	} catch (error) {
		// An install that failed names the copy in its hint: it stays for the person to take from.
		keepCopy ||= error instanceof UserError;
		throw error;
	} finally {
		if (!keepCopy) {
			await closeEditSession(session);
		}
	}
}

/** The copy of the profile file (the example when there is none), and the tunnel's line in it. */
export async function openEditSession(io: Io, globals: GlobalOptions, name: string | undefined): Promise<EditSession> {
	const file = profilePath({flag: globals.config, env: io.env, home: io.home, cwd: io.cwd});
	const original = await readProfileText(file);
	const originalText = original.kind === 'found' ? original.text : exampleProfile;
	const line = name === undefined ? undefined : entryLine(originalText, name);
	if (name !== undefined && line === undefined) {
		const names = entryNames(originalText);
		throw new UserError(`no tunnel \`${name}\` in ${file}`, names.length === 0 ? undefined : suggestionHint(name, names, 'tunnels here'));
	}

	const directory = await mkdtemp(path.join(io.tmpdir, 'tunnels-edit-'));
	// The copy keeps the file's name: the editor picks its syntax from the extension.
	const copy = path.join(directory, path.basename(file));
	await writeFile(copy, originalText, {mode: 0o600});
	return {file, original, originalText, directory, copy, line};
}

export async function closeEditSession(session: EditSession): Promise<void> {
	await rm(session.directory, {recursive: true, force: true});
}

/** One run of the editor on the copy, then the copy validated and, when it is valid, installed through the one writer. */
export async function editPass(io: Io, globals: GlobalOptions, session: EditSession): Promise<EditPass> {
	const status = await runEditor(editorOf(io.env), session.copy, session.line);
	if (status !== 0) {
		return {kind: 'editor-failed', status};
	}

	const text = await readFile(session.copy, 'utf8');
	if (text === session.originalText && session.original.kind === 'found') {
		return {kind: 'unchanged'};
	}

	const parsed = parseProfile(text, session.file, {isRoot: io.uid === 0, paths: pathsOf(io)});
	if (parsed.kind !== 'ok') {
		return {kind: 'invalid', lines: parsed.issues.map(issue => formatIssue(issue)), errors: parsed.issues.filter(issue => issue.severity === 'error').length};
	}

	try {
		await replaceProfileText(io, globals, session.original, text);
	} catch (error) {
		if (error instanceof UserError) {
			throw new UserError(error.message, `your edited copy is kept: ${session.copy}`, error.exitCode);
		}

		throw error;
	}

	return {kind: 'saved', tunnels: parsed.profile.tunnels.length};
}
