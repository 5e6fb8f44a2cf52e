/** One problem found in a profile file, located as precisely as the file allows. */
export type ProfileIssue = {
	readonly severity: 'error' | 'warning';
	readonly file: string;
	/** 1-based line, when the YAML gives one */
	readonly line: number | undefined;
	readonly tunnel: string | undefined;
	/** e.g. `local[0]`, `keepAlive.interval` */
	readonly field: string | undefined;
	/** what is wrong */
	readonly message: string;
	/** what would be right */
	readonly hint: string | undefined;
};

/**
 * `tunnels.yaml:7: error: tunnel `db`, local[0]: port must be 1-65535, got `70000`` and an indented
 * hint. Each on one line: a newline in a value of the file (a host `h\nerror: …`) is written out, or a
 * shared profile could print lines of its own (issue 13, item 11).
 */
export function formatIssue(issue: ProfileIssue): string {
	const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}`;
	const subject = [
		issue.tunnel === undefined ? undefined : `tunnel \`${issue.tunnel}\``,
		issue.field,
	].filter(part => part !== undefined).join(', ');
	const head = oneLine(`${where}: ${issue.severity}: ${subject === '' ? '' : `${subject}: `}${issue.message}`);
	return issue.hint === undefined ? head : `${head}\n  hint: ${oneLine(issue.hint)}`;
}

function oneLine(text: string): string {
	return text.replaceAll('\n', '\\n');
}
