// Edits of one value of an entry made where it stands in the text, so that even the entry keeps its
// layout: a scalar or a flow collection replaced on its line, or a key removed with its line. Each
// is checked against the entry as data; when it does not fit, edit-entry.ts edits the whole entry.
import {isDeepStrictEqual} from 'node:util';
import {LineCounter, isCollection, isMap, isNode, isScalar, isSeq, parseDocument, stringify} from 'yaml';
import {lineEnd} from './edit-entry.js';

/**
 * A value of a tunnel replaced where it stands, when both fit on its line: a scalar, or a flow
 * collection (`tags: [db, prod]`), replaced by a value written on one line. Everything else of the
 * entry stays as written too. Undefined when that is not possible (the caller edits the whole entry).
 */
export function replaceValueInPlace(text: string, name: string, path: readonly string[], value: unknown): string | undefined {
	const document = parseDocument(text, {uniqueKeys: false});
	const tunnels = document.get('tunnels', true);
	const node = document.getIn(['tunnels', name, ...path], true);
	if (!isMap(tunnels) || tunnels.flow || !(isScalar(node) || (isCollection(node) && node.flow)) || node.range == null) {
		return undefined;
	}

	const written = oneLine(value);
	if (written.includes('\n')) {
		return undefined;
	}

	const changed = text.slice(0, node.range[0]) + written + text.slice(node.range[1]);
	const expected = plainOf(document.getIn(['tunnels', name], true));
	setPath(expected, path, parseDocument(written).toJS());
	return isDeepStrictEqual(plainEntry(changed, name), expected) ? changed : undefined;
}

/** A key of a tunnel removed with its line, when its value is on that line (a scalar or a flow collection). */
export function removeKeyLine(text: string, name: string, path: readonly string[]): string | undefined {
	const document = parseDocument(text, {uniqueKeys: false});
	const tunnels = document.get('tunnels', true);
	const parent = document.getIn(['tunnels', name, ...path.slice(0, -1)], true);
	const pair = isMap(parent) && !parent.flow ? parent.items.find(item => isScalar(item.key) && item.key.value === path.at(-1)) : undefined;
	const keyRange = isScalar(pair?.key) ? pair.key.range : undefined;
	const value = pair?.value;
	const valueRange = isScalar(value) || (isCollection(value) && value.flow) ? value.range : undefined;
	if (!isMap(tunnels) || tunnels.flow || keyRange == null || valueRange == null) {
		return undefined;
	}

	const start = text.lastIndexOf('\n', keyRange[0] - 1) + 1;
	const end = lineEnd(text, valueRange[1] - 1);
	if (text.slice(start, keyRange[0]).trim() !== '') {
		return undefined; // `- key: value` or another key before it on the line
	}

	const changed = text.slice(0, start) + text.slice(end);
	const expected = plainOf(document.getIn(['tunnels', name], true));
	setPath(expected, path, undefined);
	return isDeepStrictEqual(plainEntry(changed, name), expected) ? changed : undefined;
}

/** The entry as plain data: what the edit is checked against, so that a splice can never change more than asked. */
function plainEntry(text: string, name: string): unknown {
	const data = parseDocument(text, {uniqueKeys: false}).toJS({maxAliasCount: 100}) as {tunnels?: Record<string, unknown>} | null;
	return data?.tunnels?.[name];
}

/** A node of a document already parsed as plain data: the entry before the edit, without parsing the file again. */
function plainOf(node: unknown): unknown {
	return isNode(node) ? node.toJSON() : node;
}

/** Sets (or with undefined, deletes) a value at a path of plain data. */
function setPath(data: unknown, path: readonly string[], value: unknown): void {
	let node = data;
	for (const part of path.slice(0, -1)) {
		node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
	}

	if (typeof node === 'object' && node !== null) {
		const record = node as Record<string, unknown>;
		if (value === undefined) {
			delete record[path.at(-1)!];
		} else {
			record[path.at(-1)!] = value;
		}
	}
}

/** A new key of a tunnel (a block entry) written as one line after its last value, indented as its other keys. */
export function addKeyLine(text: string, name: string, key: string, value: unknown): string | undefined {
	const lineCounter = new LineCounter();
	const document = parseDocument(text, {lineCounter, uniqueKeys: false});
	const tunnels = document.get('tunnels', true);
	const entry = document.getIn(['tunnels', name], true);
	const firstKey = isMap(entry) ? entry.items[0]?.key : undefined;
	const last = isMap(entry) ? entry.items.at(-1)?.value : undefined;
	const firstRange = isScalar(firstKey) ? firstKey.range : undefined;
	const lastRange = isNode(last) ? last.range : undefined;
	if (!isMap(tunnels) || tunnels.flow || !isMap(entry) || entry.flow || entry.has(key) || firstRange == null || lastRange == null) {
		return undefined;
	}

	return insertLine(text, lastRange[1], ' '.repeat(lineCounter.linePos(firstRange[0]).col - 1), `${key}: ${oneLine(value)}`, {name, before: entry.toJSON(), path: [key], value});
}

/** An item added to a block list of a tunnel (`local:` with `- …` lines): one more line, indented as the last item. */
export function appendItemLine(text: string, name: string, key: string, item: unknown): string | undefined {
	const lineCounter = new LineCounter();
	const document = parseDocument(text, {lineCounter, uniqueKeys: false});
	const tunnels = document.get('tunnels', true);
	const list = document.getIn(['tunnels', name, key], true);
	const lastItem = isSeq(list) && !list.flow ? list.items.at(-1) : undefined;
	const lastRange = isNode(lastItem) ? lastItem.range : undefined;
	if (!isMap(tunnels) || tunnels.flow || !isSeq(list) || lastRange == null) {
		return undefined;
	}

	const dash = text.lastIndexOf('-', lastRange[0]);
	const before = plainOf(document.getIn(['tunnels', name], true));
	return insertLine(text, lastRange[1], ' '.repeat(lineCounter.linePos(dash).col - 1), `- ${oneLine(item)}`, {name, before, path: [key], value: [...list.toJSON() as unknown[], item]});
}

/** `line` inserted after the line where offset `after` is; checked: the entry is `before` with `value` at `path`. */
function insertLine(text: string, after: number, indent: string, line: string, check: {readonly name: string; readonly before: unknown; readonly path: readonly string[]; readonly value: unknown}): string | undefined {
	if (line.includes('\n')) {
		return undefined;
	}

	const at = lineEnd(text, after - 1);
	const head = text.slice(0, at);
	const changed = `${head}${head.endsWith('\n') ? '' : '\n'}${indent}${line}\n${text.slice(at)}`;
	const expected = check.before;
	setPath(expected, check.path, parseDocument(stringify(check.value)).toJS());
	return isDeepStrictEqual(plainEntry(changed, check.name), expected) ? changed : undefined;
}

function oneLine(value: unknown): string {
	return stringify(value, {lineWidth: 0, flowCollectionPadding: false, collectionStyle: 'flow'}).replace(/\n$/, '');
}
