import {spawn} from 'node:child_process';

/**
 * The person's editor on a file: $VISUAL (with a terminal), else $EDITOR, else vi, run as git runs
 * it (`sh -c '$EDITOR "$@"'`): the variable is the person's own and may carry arguments
 * (`code --wait`), so the shell splits it; the file name and line go as arguments, never through
 * the shell's parsing. Waits for the editor to exit, its stdio the terminal's.
 */
export async function runEditor(editor: string, file: string, line: number | undefined): Promise<number> {
	const argv = [...(line !== undefined && acceptsPlusLine(editor) ? [`+${line}`] : []), file];
	const child = spawn('/bin/sh', ['-c', `${editor} "$@"`, editor, ...argv], {stdio: 'inherit'});
	return new Promise((resolve, reject) => {
		child.once('error', reject);
		child.once('exit', (code, signal) => {
			resolve(code ?? (signal === null ? 1 : 128));
		});
	});
}

/** vi, vim, nvim, nano, emacs, micro, joe, ne and mg take `+LINE` before the file; others might open a file named `+12`. */
export function acceptsPlusLine(editor: string): boolean {
	const program = editor.trim().split(/\s+/)[0]?.split('/').at(-1) ?? '';
	return /^(?:n?vim?|vim\.\w+|view|nano|r?nano|emacs(?:client)?|micro|joe|jed|ne|mg|kak)$/.test(program);
}

/** Which editor: $VISUAL when there is a terminal to show it on, then $EDITOR, then vi. */
export function editorOf(env: Readonly<Record<string, string | undefined>>): string {
	const visual = env['VISUAL']?.trim();
	const editor = env['EDITOR']?.trim();
	return visual !== undefined && visual !== '' ? visual : editor !== undefined && editor !== '' ? editor : 'vi';
}
