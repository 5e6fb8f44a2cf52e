// Changes to one tunnel entry of a profile file's text that leave every byte outside the entry as it
// was: the entry's lines are cut out, edited as a YAML document of their own (which keeps the
// comments inside it), indented back and put in their place.
import {Document, LineCounter, isMap, isScalar, parseDocument, type Pair} from 'yaml';

/** A change to an entry, as a YAML document whose only key is the tunnel's name: `at` is `[name]`. */
export type EntryChange = (document: Document, at: readonly string[]) => void;

export type EntryEdit =
	| {readonly kind: 'changed'; readonly text: string}
	| {readonly kind: 'no-such-tunnel'};

/** Where an entry sits: its lines (from the start of its key's line), its key, its indentation. */
type EntrySpan = {readonly start: number; readonly end: number; readonly key: Pair['key']; readonly keyRange: readonly [number, number]; readonly indent: number; readonly step: number};

/** The file with one entry changed by `change`. A file whose `tunnels` is in flow style (`{…}`) is rewritten whole through yaml's Document, which keeps comments. */
export function editEntry(text: string, name: string, change: EntryChange): EntryEdit {
	const span = entrySpan(text, name);
	if (span === 'flow') {
		const document = wholeDocument(text);
		if (!document.hasIn(['tunnels', name])) {
			return {kind: 'no-such-tunnel'};
		}

		change(document, ['tunnels', name]);
		return {kind: 'changed', text: wholeText(text, document)};
	}

	if (span === undefined) {
		return {kind: 'no-such-tunnel'};
	}

	const entryText = text.slice(span.start, span.end);
	const document = parseDocument(dedent(entryText, span.indent));
	change(document, [name]);
	// Written with the entry's own indentation step and `[a, b]` as a person writes a flow list.
	const edited = indent(document.toString({lineWidth: 0, indent: span.step, flowCollectionPadding: false}), span.indent);
	return {kind: 'changed', text: text.slice(0, span.start) + withEnding(edited, entryText) + text.slice(span.end)};
}

/** The file without the entry's lines. */
export function removeEntry(text: string, name: string): EntryEdit {
	const span = entrySpan(text, name);
	if (span === 'flow') {
		const document = wholeDocument(text);
		return document.deleteIn(['tunnels', name]) ? {kind: 'changed', text: wholeText(text, document)} : {kind: 'no-such-tunnel'};
	}

	return span === undefined ? {kind: 'no-such-tunnel'} : {kind: 'changed', text: text.slice(0, span.start) + text.slice(span.end)};
}

/** The file with the entry's key renamed, and nothing else touched; a quoted or odd key goes through the document. */
export function renameEntry(text: string, name: string, newName: string): EntryEdit {
	const span = entrySpan(text, name);
	if (span === undefined) {
		return {kind: 'no-such-tunnel'};
	}

	if (span !== 'flow' && isScalar(span.key) && span.key.type === 'PLAIN' && text.slice(span.keyRange[0], span.keyRange[1]) === name) {
		return {kind: 'changed', text: text.slice(0, span.keyRange[0]) + newName + text.slice(span.keyRange[1])};
	}

	return editEntry(text, name, (document, at) => {
		const map = document.getIn(at.slice(0, -1), true);
		const pair = isMap(map) ? map.items.find(item => isScalar(item.key) && item.key.value === name) : undefined;
		if (pair !== undefined && isScalar(pair.key)) {
			pair.key.value = newName;
		}
	});
}

/**
 * A file whose `tunnels` is not a block map is edited whole: a JSON file (no comments to keep) stays
 * JSON, written as JSON.stringify writes it; YAML in flow style goes through yaml's Document.
 */
function wholeDocument(text: string): Document {
	const json = parseJson(text);
	return json === undefined ? parseDocument(text, {uniqueKeys: false}) : new Document(json);
}

function wholeText(original: string, document: Document): string {
	return parseJson(original) === undefined
		? document.toString({flowCollectionPadding: false})
		: `${JSON.stringify(document.toJS(), undefined, 2)}\n`;
}

function parseJson(text: string): unknown {
	try {
		return text.trimStart().startsWith('{') ? JSON.parse(text) as unknown : undefined;
	} catch {
		return undefined;
	}
}

/** The entry's lines, `flow` when `tunnels` is not a block map, undefined when the file has no such tunnel. */
function entrySpan(text: string, name: string): EntrySpan | 'flow' | undefined {
	const lineCounter = new LineCounter();
	const document = parseDocument(text, {lineCounter, uniqueKeys: false});
	const tunnels = document.get('tunnels', true);
	if (!isMap(tunnels)) {
		return undefined;
	}

	const index = tunnels.items.findIndex(pair => isScalar(pair.key) && pair.key.value === name);
	const pair = tunnels.items[index];
	if (pair === undefined) {
		return undefined;
	}

	const value = pair.value;
	const keyRange = isScalar(pair.key) ? pair.key.range : undefined;
	const valueRange = isMap(value) ? value.range : undefined;
	if (tunnels.flow || !isMap(value) || keyRange == null || valueRange == null) {
		return 'flow';
	}

	const keyIndent = lineCounter.linePos(keyRange[0]).col - 1;
	const start = commentsAbove(text, text.lastIndexOf('\n', keyRange[0] - 1) + 1);
	// The entry ends where the next one's key line starts (with the comments above that key); the last one at the end of its value's last line.
	const nextRange = tunnels.items[index + 1]?.key;
	const next = isScalar(nextRange) ? nextRange.range : undefined;
	const end = next == null
		? commentsBelow(text, lineEnd(text, valueRange[1] - 1), keyIndent)
		: commentsAbove(text, text.lastIndexOf('\n', next[0] - 1) + 1, true);
	const firstChild = value.items[0]?.key;
	const childRange = isScalar(firstChild) && !value.flow ? firstChild.range : undefined;
	const step = childRange == null ? 2 : lineCounter.linePos(childRange[0]).col - 1 - keyIndent;
	return {start, end, key: pair.key, keyRange: [keyRange[0], keyRange[1]], indent: keyIndent, step: step > 0 ? step : 2};
}

/**
 * Where the comment lines right above an entry's key start: they say what the entry is, and go with
 * it. With `blank`, the blank lines among and above them too: the end of the entry before.
 */
function commentsAbove(text: string, keyLineStart: number, blank = false): number {
	let start = keyLineStart;
	while (start > 0) {
		const previousStart = text.lastIndexOf('\n', start - 2) + 1;
		const line = text.slice(previousStart, start - 1);
		if (!(blank ? /^\s*(#.*)?$/ : /^\s*#/).test(line)) {
			break;
		}

		start = previousStart;
	}

	return start;
}

/** The last entry's own trailing comments: the comment lines after it indented deeper than its key. */
function commentsBelow(text: string, from: number, keyIndent: number): number {
	let end = from;
	const deeper = new RegExp(`^ {${keyIndent + 1},}#`);
	while (end < text.length) {
		const next = lineEnd(text, end);
		if (!deeper.test(text.slice(end, next))) {
			break;
		}

		end = next;
	}

	return end;
}

export function lineEnd(text: string, offset: number): number {
	const end = text.indexOf('\n', Math.max(offset, 0));
	return end === -1 ? text.length : end + 1;
}

function dedent(text: string, columns: number): string {
	return text.split('\n').map(line => line.slice(Math.min(columns, line.length - line.trimStart().length))).join('\n');
}

function indent(text: string, columns: number): string {
	const prefix = ' '.repeat(columns);
	return text.split('\n').map(line => (line === '' ? line : prefix + line)).join('\n');
}

/** The edited entry ends as the original did: with a newline or, at the end of a file without one, without. */
function withEnding(edited: string, original: string): string {
	const bare = edited.replace(/\n+$/, '');
	return original.endsWith('\n') ? `${bare}\n` : bare;
}

/** The 1-based line of a tunnel's key, to open an editor there; undefined when the file has no such tunnel (or no readable YAML). */
export function entryLine(text: string, name: string): number | undefined {
	const lineCounter = new LineCounter();
	const document = parseDocument(text, {lineCounter, uniqueKeys: false});
	const tunnels = document.get('tunnels', true);
	const key = isMap(tunnels) ? tunnels.items.find(pair => isScalar(pair.key) && pair.key.value === name)?.key : undefined;
	const range = isScalar(key) ? key.range : undefined;
	return range == null ? undefined : lineCounter.linePos(range[0]).line;
}

/** The names of the tunnels a file's text has, as far as its YAML reads. */
export function entryNames(text: string): string[] {
	const tunnels = parseDocument(text, {uniqueKeys: false}).get('tunnels', true);
	return isMap(tunnels) ? tunnels.items.flatMap(pair => (isScalar(pair.key) ? [String(pair.key.value)] : [])) : [];
}

