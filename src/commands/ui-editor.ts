import {UserError} from '../errors.js';
import {describeEditPass} from '../present/edit-file.js';
import {problemLines} from '../present/problem.js';
import type {EditOutcome, UiServices} from '../ui/services.js';
import {closeEditSession, editPass, openEditSession, type EditSession} from './edit.js';
import type {GlobalOptions, Io} from './context.js';

/**
 * The UI's e: `tunnels edit NAME`'s copy, editor and validation, run while the UI has stepped aside.
 * A copy that does not validate is kept for "edit again" until it is saved or discarded; the
 * file is never touched by it.
 */
export function uiEditor(io: Io, globals: GlobalOptions): Pick<UiServices, 'edit' | 'discardEdit'> {
	let pending: EditSession | undefined;
	const discard = async () => {
		const session = pending;
		pending = undefined;
		if (session !== undefined) await closeEditSession(session);
	};

	return {
		async edit(name, again): Promise<EditOutcome> {
			if (!again || pending === undefined) await discard();
			try {
				pending ??= await openEditSession(io, globals, name);
				const {file} = pending;
				const pass = await editPass(io, globals, pending);
				if (pass.kind === 'invalid') {
					return {kind: 'invalid', lines: pass.lines};
				}

				await discard();
				return {kind: 'done', report: {ok: pass.kind !== 'editor-failed', lines: [{level: pass.kind === 'editor-failed' ? 'error' : 'info', text: describeEditPass(file, pass)}]}};
			} catch (error) {
				if (error instanceof UserError) {
					// An install that failed names the kept copy in its hint: it is not removed.
					pending = undefined;
					return {kind: 'done', report: {ok: false, lines: problemLines({message: error.message, hint: error.hint})}};
				}

				throw error;
			}
		},
		discardEdit: discard,
	};
}
