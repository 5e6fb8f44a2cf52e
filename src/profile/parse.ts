import {LineCounter, parseDocument, visit, type Document} from 'yaml';
import type {ProfileIssue} from './issue.js';
import type {Profile} from './types.js';
import {validateProfile, type ValidationContext} from './validate.js';
import {offsetLocator, repeatedKeyOffsets} from './yaml-index.js';

export type ProfileParse =
	| {readonly kind: 'ok'; readonly profile: Profile; readonly warnings: readonly ProfileIssue[]}
	| {readonly kind: 'invalid'; readonly issues: readonly ProfileIssue[]};

/** Parses and validates a profile file's text (YAML, or JSON, which YAML reads too). Pure: the caller reads the file. */
export function parseProfile(text: string, file: string, context: Pick<ValidationContext, 'isRoot' | 'paths'>): ProfileParse {
	const lineCounter = new LineCounter();
	// uniqueKeys is checked below, in one pass: yaml's own check is quadratic in the size of a map.
	const document = parseDocument(text, {lineCounter, prettyErrors: false, uniqueKeys: false});
	const syntaxIssues: ProfileIssue[] = [
		...document.errors.map(error => ({offset: error.pos[0], message: error.message.split('\n')[0] ?? error.code})),
		...repeatedKeyOffsets(document).map(offset => ({offset, message: 'Map keys must be unique'})),
	].sort((a, b) => a.offset - b.offset).map(({offset, message}) => ({
		severity: 'error',
		file,
		line: lineCounter.linePos(offset).line,
		tunnel: undefined,
		field: undefined,
		message: `YAML: ${message}`,
		hint: undefined,
	}));
	if (syntaxIssues.length > 0) {
		return {kind: 'invalid', issues: syntaxIssues};
	}

	const offsetOf = offsetLocator(document);
	const locate = (path: ReadonlyArray<string | number>) => {
		const offset = offsetOf(path);
		return offset === undefined ? undefined : lineCounter.linePos(offset).line;
	};

	const data = toData(document, file, lineCounter);
	if (data.kind === 'invalid') {
		return data;
	}

	const validated = validateProfile(data.value, {file, locate, isRoot: context.isRoot, paths: context.paths});
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

/** yaml's own bound (its default): an alias bomb of nine nines would expand to 387 million strings. */
const maxAliasCount = 100;

/** The document as plain data, or the one issue of a file whose aliases expand beyond the bound. */
function toData(document: Document, file: string, lineCounter: LineCounter): {readonly kind: 'ok'; readonly value: unknown} | Extract<ProfileParse, {kind: 'invalid'}> {
	try {
		return {kind: 'ok', value: document.toJS({maxAliasCount})};
	} catch (error) {
		// yaml throws a ReferenceError ("Excessive alias count…") past maxAliasCount.
		if (!(error instanceof ReferenceError) || !/alias/i.test(error.message)) {
			throw error;
		}

		let offset: number | undefined;
		visit(document, {
			Alias(_key, node) {
				offset = node.range?.[0];
				return visit.BREAK;
			},
		});
		return {kind: 'invalid', issues: [{
			severity: 'error',
			file,
			line: offset === undefined ? undefined : lineCounter.linePos(offset).line,
			tunnel: undefined,
			field: undefined,
			message: `YAML: too many aliases to expand (bound: ${maxAliasCount}): refusing a file that grows this much (an alias bomb?)`,
			hint: 'write the repeated settings out, or use fewer aliases',
		}]};
	}
}
