import {isDeepStrictEqual} from 'node:util';
import {LineCounter, isMap, isNode, isScalar, parseDocument, stringify} from 'yaml';

/**
 * Adds one tunnel entry to a profile file's text. The rest of the file stays byte for byte: the
 * entry's text is inserted after the last tunnel, indented like its siblings. Files where that is not
 * possible (flow style, no tunnels yet) are rewritten through yaml's Document, which keeps comments.
 */
export function addTunnelToText(text: string | undefined, name: string, entry: Record<string, unknown>): string {
	const inserted = text === undefined ? undefined : insertAfterLastTunnel(text, name, entry);
	if (inserted !== undefined && isDeepStrictEqual(readTunnel(inserted, name), entry)) {
		return inserted;
	}

	const document = parseDocument(text ?? '', {uniqueKeys: false});
	const tunnels = document.get('tunnels', true);
	if (isMap(tunnels) && tunnels.items.length > 0) {
		document.setIn(['tunnels', name], document.createNode(entry));
	} else {
		// A missing or empty `tunnels: {}` would otherwise keep the new entry in flow style.
		document.set('tunnels', document.createNode({[name]: entry}));
	}

	return document.toString({lineWidth: 0});
}

export function hasTunnel(text: string, name: string): boolean {
	return parseDocument(text, {uniqueKeys: false}).hasIn(['tunnels', name]);
}

function insertAfterLastTunnel(text: string, name: string, entry: Record<string, unknown>): string | undefined {
	const lineCounter = new LineCounter();
	const document = parseDocument(text, {lineCounter, uniqueKeys: false});
	const tunnels = document.get('tunnels', true);
	const firstKey = isMap(tunnels) ? tunnels.items[0]?.key : undefined;
	const lastValue = isMap(tunnels) ? tunnels.items.at(-1)?.value : undefined;
	if (!isMap(tunnels) || tunnels.flow || !isScalar(firstKey) || !firstKey.range || !isNode(lastValue) || !lastValue.range) {
		return undefined;
	}

	const indent = ' '.repeat(lineCounter.linePos(firstKey.range[0]).col - 1);
	const entryText = stringify({[name]: entry}, {lineWidth: 0})
		.split('\n')
		.map(line => (line === '' ? line : indent + line))
		.join('\n');
	// The last value ends before any comment on its line: insert after that whole line.
	const lineEnd = text.indexOf('\n', lastValue.range[1] - 1);
	const at = lineEnd === -1 ? text.length : lineEnd + 1;
	const before = text.slice(0, at);
	return `${before}${before.endsWith('\n') ? '' : '\n'}${entryText}${text.slice(at)}`;
}

function readTunnel(text: string, name: string): unknown {
	const document = parseDocument(text, {uniqueKeys: false});
	const tunnels: unknown = document.errors.length > 0 ? undefined : document.toJS()?.tunnels;
	return typeof tunnels === 'object' && tunnels !== null ? (tunnels as Record<string, unknown>)[name] : undefined;
}
