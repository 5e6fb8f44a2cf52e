// What `tunnels set|unset|tag|forward|rename|rm` (and the UI's D, a copy) ask of one entry, applied to the file's text (pure).
import {isMap, isScalar, isSeq, parse, parseDocument, type Document} from 'yaml';
import {addTunnelToText} from './edit.js';
import {editEntry, removeEntry, renameEntry, type EntryChange} from './edit-entry.js';
import {addKeyLine, appendItemLine, removeKeyLine, replaceValueInPlace} from './edit-in-place.js';
import {closest} from './suggest.js';
import {namePattern, tunnelKeys} from './validate.js';

export type ForwardKind = 'local' | 'remote' | 'dynamic';

export const forwardKinds: readonly ForwardKind[] = ['local', 'remote', 'dynamic'];

export type EditRequest =
	/** `key` may go into a map: `keepAlive.interval`, `options.Compression` */
	| {readonly kind: 'set'; readonly key: string; readonly value: string}
	| {readonly kind: 'unset'; readonly key: string}
	| {readonly kind: 'tag'; readonly add: readonly string[]; readonly remove: readonly string[]}
	| {readonly kind: 'forward-add'; readonly forward: ForwardKind; readonly spec: string}
	/** `which`: a forward as written (`9906:10.1.0.2:3306`), or `local[0]` */
	| {readonly kind: 'forward-rm'; readonly which: string}
	| {readonly kind: 'rename'; readonly to: string}
	/** a new entry `to` with the same keys (the UI's D): a start for another tunnel like it */
	| {readonly kind: 'copy'; readonly to: string}
	| {readonly kind: 'rm'};

/** Why a request cannot be applied, before the result is validated as a whole file. */
export type EditRefusal =
	| {readonly kind: 'no-such-tunnel'; readonly name: string; readonly suggestion: string | undefined; readonly known: readonly string[]}
	| {readonly kind: 'unknown-key'; readonly key: string; readonly suggestion: string | undefined}
	| {readonly kind: 'not-set'; readonly key: string}
	| {readonly kind: 'name-taken'; readonly name: string}
	| {readonly kind: 'bad-name'; readonly name: string}
	| {readonly kind: 'no-such-forward'; readonly which: string; readonly forwards: readonly string[]}
	| {readonly kind: 'bad-value'; readonly key: string; readonly value: string; readonly reason: string};

export type AppliedEdit = {readonly kind: 'ok'; readonly text: string} | {readonly kind: 'refused'; readonly refusal: EditRefusal};

/** Keys whose value is text as typed: `set db host 010` is the host `010`, not the number 10. */
const textKeys: ReadonlySet<string> = new Set(['description', 'host', 'user', 'identityFile']);

/** The file's text with the request applied to tunnel `name`; the caller validates the result. */
export function applyEdit(text: string, names: readonly string[], name: string, request: EditRequest): AppliedEdit {
	if (!names.includes(name)) {
		return refused({kind: 'no-such-tunnel', name, suggestion: closest(name, names), known: names});
	}

	switch (request.kind) {
		case 'rm': {
			return changed(removeEntry(text, name));
		}

		case 'rename':
		case 'copy': {
			if ((request.to !== name || request.kind === 'copy') && names.includes(request.to)) {
				return refused({kind: 'name-taken', name: request.to});
			}

			if (!namePattern.test(request.to)) {
				return refused({kind: 'bad-name', name: request.to});
			}

			return request.kind === 'rename' ? changed(renameEntry(text, name, request.to))
				: {kind: 'ok', text: addTunnelToText(text, request.to, (parseDocument(text, {uniqueKeys: false}).toJS({maxAliasCount: 100}) as {tunnels: Record<string, Record<string, unknown>>}).tunnels[name]!)};
		}

		case 'set': {
			const path = request.key.split('.');
			const known = keyRefusal(path[0] ?? '');
			if (known !== undefined) {
				return refused(known);
			}

			const value = valueOf(request.key, request.value);
			return value.kind === 'refused' ? value : inPlace(replaceValueInPlace(text, name, path, value.value) ?? (path.length === 1 ? addKeyLine(text, name, request.key, value.value) : undefined)) ?? change(text, name, (document, at) => {
				document.setIn([...at, ...path], document.createNode(value.value, {flow: true}));
			});
		}

		case 'unset': {
			const path = request.key.split('.');
			const known = keyRefusal(path[0] ?? '');
			if (known !== undefined) {
				return refused(known);
			}

			const removed = removeKeyLine(text, name, path);
			if (removed !== undefined) {
				return {kind: 'ok', text: removed};
			}

			let found = true;
			const result = change(text, name, (document, at) => {
				found = document.deleteIn([...at, ...path]);
			});
			return found ? result : refused({kind: 'not-set', key: request.key});
		}

		case 'tag': {
			const current = listAt(text, name, 'tags');
			const next = [...current.filter(tag => !request.remove.includes(String(tag))), ...request.add.filter(tag => !current.includes(tag))];
			const spliced = next.length === 0 ? removeKeyLine(text, name, ['tags']) : replaceValueInPlace(text, name, ['tags'], next) ?? addKeyLine(text, name, 'tags', next);
			return inPlace(spliced) ?? change(text, name, (document, at) => {
				if (next.length === 0) {
					document.deleteIn([...at, 'tags']);
				} else {
					document.setIn([...at, 'tags'], document.createNode(next, {flow: true}));
				}
			});
		}

		case 'forward-add': {
			const spec: unknown = request.forward === 'dynamic' && /^\d+$/.test(request.spec) ? Number(request.spec) : request.spec;
			const list = listAt(text, name, request.forward);
			return inPlace(replaceValueInPlace(text, name, [request.forward], [...list, spec]) ?? appendItemLine(text, name, request.forward, spec) ?? (list.length === 0 ? addKeyLine(text, name, request.forward, [spec]) : undefined)) ?? change(text, name, (document, at) => {
				const list = document.getIn([...at, request.forward], true);
				if (isSeq(list)) {
					list.add(document.createNode(spec));
				} else {
					document.setIn([...at, request.forward], document.createNode([spec]));
				}
			});
		}

		case 'forward-rm': {
			let forwards: string[] = [];
			let removed = false;
			const result = change(text, name, (document, at) => {
				forwards = forwardsOfEntry(document, at);
				const place = forwardPlace(document, at, request.which);
				if (place !== undefined) {
					removed = document.deleteIn([...at, place.kind, place.index]);
					const list = document.getIn([...at, place.kind], true);
					if (isSeq(list) && list.items.length === 0) {
						document.deleteIn([...at, place.kind]);
					}
				}
			});
			return removed ? result : refused({kind: 'no-such-forward', which: request.which, forwards});
		}
	}
}

function inPlace(text: string | undefined): AppliedEdit | undefined {
	return text === undefined ? undefined : {kind: 'ok', text};
}

/** A list of the entry as it stands (tags, a kind of forward), empty when it has none. */
function listAt(text: string, name: string, key: string): unknown[] {
	const value: unknown = parseDocument(text, {uniqueKeys: false}).getIn(['tunnels', name, key]);
	return isSeq(value) ? value.toJSON() as unknown[] : [];
}

/** A key `set` and `unset` know: a tunnel key (`keepAlive.interval` goes under `keepAlive`). */
function keyRefusal(key: string): EditRefusal | undefined {
	return tunnelKeys.includes(key) ? undefined : {kind: 'unknown-key', key, suggestion: closest(key, tunnelKeys)};
}

/** A value as typed: text for the keys of text, else YAML (`2222`, `true`, `[a, b]`, `{interval: 15}`). */
function valueOf(key: string, value: string): {readonly kind: 'ok'; readonly value: unknown} | Extract<AppliedEdit, {kind: 'refused'}> {
	if (textKeys.has(key)) {
		return {kind: 'ok', value};
	}

	try {
		return {kind: 'ok', value: parse(value) as unknown};
	} catch (error) {
		return refused({kind: 'bad-value', key, value, reason: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)});
	}
}

/** The entry's forwards as `kind[index]: text`, to name them when one asked for is not there. */
function forwardsOfEntry(document: Document, at: readonly string[]): string[] {
	return forwardKinds.flatMap(kind => {
		const list = document.getIn([...at, kind], true);
		return isSeq(list) ? list.items.map((item, index) => `${kind}[${index}]: ${describeItem(item)}`) : [];
	});
}

function forwardPlace(document: Document, at: readonly string[], which: string): {readonly kind: ForwardKind; readonly index: number} | undefined {
	const indexed = /^(local|remote|dynamic)\[(\d+)\]$/.exec(which);
	if (indexed !== null) {
		const kind = indexed[1] as ForwardKind;
		const index = Number(indexed[2]);
		const list = document.getIn([...at, kind], true);
		return isSeq(list) && index < list.items.length ? {kind, index} : undefined;
	}

	for (const kind of forwardKinds) {
		const list = document.getIn([...at, kind], true);
		const index = isSeq(list) ? list.items.findIndex(item => describeItem(item) === which) : -1;
		if (index !== -1) {
			return {kind, index};
		}
	}

	return undefined;
}

/** A name for a copy of `name` that no tunnel has: `db-copy`, then `db-copy-2`, `db-copy-3`… */
export function freeCopyName(name: string, names: readonly string[]): string {
	const taken = new Set(names);
	const base = `${name}-copy`;
	let candidate = base;
	for (let number = 2; taken.has(candidate); number++) {
		candidate = `${base}-${number}`;
	}

	return candidate;
}

function describeItem(item: unknown): string {
	return isScalar(item) ? String(item.value) : isMap(item) ? JSON.stringify(item.toJSON()) : String(item);
}

function change(text: string, name: string, entryChange: EntryChange): AppliedEdit {
	return changed(editEntry(text, name, entryChange));
}

function changed(edit: ReturnType<typeof editEntry>): AppliedEdit {
	// applyEdit found the name among the file's tunnels before: the entry is there.
	return edit.kind === 'changed' ? {kind: 'ok', text: edit.text} : refused({kind: 'no-such-tunnel', name: '', suggestion: undefined, known: []});
}

function refused(refusal: EditRefusal): Extract<AppliedEdit, {kind: 'refused'}> {
	return {kind: 'refused', refusal};
}
