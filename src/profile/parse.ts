import {LineCounter, isMap, isNode, isScalar, parseDocument} from 'yaml';
import type {ProfileIssue} from './issue.js';
import type {Profile} from './types.js';
import {validateProfile, type ValidationContext} from './validate.js';

export type ProfileParse =
	| {readonly kind: 'ok'; readonly profile: Profile; readonly warnings: readonly ProfileIssue[]}
	| {readonly kind: 'invalid'; readonly issues: readonly ProfileIssue[]};

/** Parses and validates a profile file's text (YAML, or JSON, which YAML reads too). Pure: the caller reads the file. */
export function parseProfile(text: string, file: string, context: Pick<ValidationContext, 'isRoot' | 'paths'>): ProfileParse {
	const lineCounter = new LineCounter();
	const document = parseDocument(text, {lineCounter, prettyErrors: false, uniqueKeys: true});
	const syntaxIssues: ProfileIssue[] = document.errors.map(error => ({
		severity: 'error',
		file,
		line: lineCounter.linePos(error.pos[0]).line,
		tunnel: undefined,
		field: undefined,
		message: `YAML: ${error.message.split('\n')[0] ?? error.code}`,
		hint: undefined,
	}));
	if (syntaxIssues.length > 0) {
		return {kind: 'invalid', issues: syntaxIssues};
	}

	// A map entry is located at its key, so `tunnel db: host is missing` points at `db:`.
	const locate = (path: ReadonlyArray<string | number>) => {
		const parent = path.length === 0 ? undefined : document.getIn(path.slice(0, -1), true);
		const last = path.at(-1);
		const pair = isMap(parent) ? parent.items.find(item => isScalar(item.key) && item.key.value === last) : undefined;
		const node = pair?.key ?? (path.length === 0 ? document.contents : document.getIn(path, true));
		const offset = isNode(node) ? node.range?.[0] : undefined;
		return offset === undefined ? undefined : lineCounter.linePos(offset).line;
	};

	const validated = validateProfile(document.toJS(), {file, locate, isRoot: context.isRoot, paths: context.paths});
	const errors = validated.issues.filter(issue => issue.severity === 'error');
	if (errors.length > 0) {
		return {kind: 'invalid', issues: validated.issues};
	}

	return {
		kind: 'ok',
		profile: {file, settings: validated.settings, tunnels: validated.tunnels},
		warnings: validated.issues,
	};
}
