// `--json` of the editing commands: a public shape, copied field by field from the result.
import type {EditResult} from '../../core/edit.js';

/** What changed: the tunnel (and its new name), the entry before and after (`after` absent when removed), and what the running tunnel did. */
export type EditJson = {
	readonly file: string;
	readonly tunnel: string;
	readonly action: 'set' | 'unset' | 'tag' | 'forward-add' | 'forward-rm' | 'rename' | 'copy' | 'rm';
	readonly renamedTo?: string;
	readonly copiedTo?: string;
	readonly before: unknown;
	readonly after?: unknown;
	readonly commandChanged: boolean;
	/** the tunnel was running: its pid, and whether this command restarted (or for rm, stopped) it */
	readonly running?: {readonly pid: number; readonly restarted: boolean; readonly stopped: boolean};
};

export function editJson(edited: Extract<EditResult, {kind: 'edited'}>, running: EditJson['running']): EditJson {
	return {
		file: edited.file,
		tunnel: edited.name,
		action: edited.request.kind,
		...(edited.request.kind === 'rename' ? {renamedTo: edited.request.to} : {}),
		...(edited.request.kind === 'copy' ? {copiedTo: edited.request.to} : {}),
		before: edited.before,
		...(edited.after === undefined ? {} : {after: edited.after}),
		commandChanged: edited.commandChanged,
		...(running === undefined ? {} : {running}),
	};
}
