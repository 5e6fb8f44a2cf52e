// Text from others (a shared profile's description, a host in an error, another user's process argv,
// ssh's stderr) is shown, never obeyed: ESC ] 52 in a description set the clipboard when the UI drew
// it (issue 13, item 11). Every string a person reads passes here: the CLI's stdout and stderr in
// cli.ts, the UI's text in ui/text.tsx.

/**
 * C0 controls but tab and newline, DEL and C1 controls (0x9b is CSI to some terminals), and the
 * bidirectional overrides that reorder what is shown (CVE-2021-42574).
 */
const control = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** The text with every control character written out as an escape: ESC becomes `\x1b`, U+202E `\u202e`. */
export function visible(text: string): string {
	return text.replace(control, char => {
		const code = char.codePointAt(0)!;
		return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
	});
}


/** As `visible`, for a value inside a line (a table cell, a command line in a sentence): a newline is written out too. */
export function visibleInLine(text: string): string {
	return visible(text).replaceAll('\n', String.raw`\n`);
}
