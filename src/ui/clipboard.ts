/**
 * OSC 52 asks the terminal to put text on the system clipboard; it travels through ssh and (with
 * `set-clipboard on`) tmux, where no clipboard program could. Terminals that do not support it ignore it.
 */
export function osc52(text: string): string {
	return `\u001B]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
}
