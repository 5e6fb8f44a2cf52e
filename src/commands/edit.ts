import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {UserError} from '../errors.js';
import {entryLine, entryNames} from '../profile/edit-entry.js';
import {exampleProfile} from '../profile/example.js';
import {formatIssue} from '../profile/issue.js';
import {parseProfile} from '../profile/parse.js';
import {suggestionHint} from '../profile/suggest.js';
import {editorOf, runEditor} from '../proc/editor.js';
import {profilePath} from '../store/paths.js';
import {readProfileText} from '../store/profile-file.js';
import {pathsOf, type GlobalOptions, type Io} from './context.js';
import {replaceProfileText} from './profile-file-deps.js';

/**
 * `tunnels edit [NAME]`, as `crontab -e` and `kubectl edit`: the person's editor on a copy of the
 * profile file, at the tunnel's line; on save the copy is validated as a whole file and installed
 * through the one writer. A copy that does not validate is never installed: on a terminal the errors
 * are shown and the editor offered again; otherwise exit 2, the file untouched, the copy kept and
 * named. An editor that exits non-zero changes nothing. Without a profile file, the example is edited.
 */
export async function editCommand(io: Io, globals: GlobalOptions, name: string | undefined): Promise<number> {
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
	let keepCopy = false;
	try {
		for (;;) {
			const status = await runEditor(editorOf(io.env), copy, line);
			if (status !== 0) {
				io.stderr(`the editor exited with status ${status}; ${file} was not changed\n`);
				return 1;
			}

			const text = await readFile(copy, 'utf8');
			if (text === originalText && original.kind === 'found') {
				io.stdout(`no changes; ${file} was not changed\n`);
				return 0;
			}

			const parsed = parseProfile(text, file, {isRoot: io.uid === 0, paths: pathsOf(io)});
			if (parsed.kind === 'ok') {
				try {
					await replaceProfileText(io, globals, original, text);
				} catch (error) {
					keepCopy = true;
					if (error instanceof UserError) {
						throw new UserError(error.message, `your edited copy is kept: ${copy}`, error.exitCode);
					}

					throw error;
				}

				io.stdout(`${file}: ${parsed.profile.tunnels.length} tunnel${parsed.profile.tunnels.length === 1 ? '' : 's'}, saved\n`);
				return 0;
			}

			for (const issue of parsed.issues) {
				io.stderr(`${formatIssue(issue)}\n`);
			}

			const errors = parsed.issues.filter(issue => issue.severity === 'error').length;
			if (!io.interactive || !(await io.confirm(`${errors} error${errors === 1 ? '' : 's'}: edit again? [y/N] `))) {
				keepCopy = true;
				throw new UserError(`${file} was not changed: the edited copy does not validate`, `your edited copy is kept: ${copy}`);
			}
		}
	} finally {
		if (!keepCopy) {
			await rm(directory, {recursive: true, force: true});
		}
	}
}
