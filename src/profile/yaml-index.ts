// The YAML document's questions answered in one pass each: which keys repeat, and where a value sits.
// yaml's own `uniqueKeys` check compares every key with all the keys before it in its map, and
// `getIn` finds a key by scanning the map: both are quadratic in a map of 10k tunnels (issue 13, item 17).
import {isMap, isNode, isScalar, isSeq, visit, type Document, type Pair, type YAMLMap} from 'yaml';

/**
 * Where each key that repeats an earlier key of its map starts, in file order: yaml's `uniqueKeys`
 * rule (scalar keys with the same value; `1` and `"1"` differ), with a set per map.
 */
export function repeatedKeyOffsets(document: Document): number[] {
	const offsets: number[] = [];
	visit(document, {
		Map(_key, map) {
			const seen = new Set<unknown>();
			for (const pair of map.items) {
				if (!isScalar(pair.key) || Number.isNaN(pair.key.value)) {
					continue; // yaml compares with ===: NaN never equals NaN, and other keys only themselves
				}

				if (seen.has(pair.key.value)) {
					offsets.push(pair.key.range?.[0] ?? 0);
				} else {
					seen.add(pair.key.value);
				}
			}
		},
	});
	return offsets.sort((a, b) => a - b);
}

/**
 * Where a value sits, as an offset into the text: a map entry at its key, so `tunnel db: host is
 * missing` points at `db:`; each map is indexed once, on its first question.
 */
export function offsetLocator(document: Document): (path: ReadonlyArray<string | number>) => number | undefined {
	const indexes = new WeakMap<YAMLMap, Map<unknown, Pair>>();
	const pairOf = (map: YAMLMap, key: unknown): Pair | undefined => {
		let index = indexes.get(map);
		if (index === undefined) {
			index = new Map();
			for (const pair of map.items) {
				if (isScalar(pair.key) && !index.has(pair.key.value)) {
					index.set(pair.key.value, pair);
				}
			}

			indexes.set(map, index);
		}

		return index.get(key);
	};

	return path => {
		let node: unknown = document.contents;
		let located: unknown = node;
		for (const part of path) {
			if (isMap(node)) {
				const pair = pairOf(node, part);
				located = pair?.key;
				node = pair?.value;
			} else if (isSeq(node) && typeof part === 'number') {
				node = node.items[part];
				located = node;
			} else {
				return undefined;
			}
		}

		return isNode(located) ? located.range?.[0] : undefined;
	};
}
