// No import cycles in src/, type-only imports included (style.md): a cycle makes load order matter
// and ties two modules into one. Reads the sources, not the build, so `import type` counts too.
import assert from 'node:assert/strict';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {test} from 'node:test';

// Tests compile to dist/test/architecture/: the sources are three levels up.
const sourceRoot = fileURLToPath(new URL('../../../src/', import.meta.url));

/** Every file's relative imports, resolved to files under src/ (paths relative to src/). */
type Graph = ReadonlyMap<string, readonly string[]>;

function sourceFiles(directory: string): string[] {
	return readdirSync(directory, {withFileTypes: true}).flatMap(entry => {
		const full = path.join(directory, entry.name);
		if (entry.isDirectory()) {
			return sourceFiles(full);
		}

		return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
	});
}

// `import … from '…'`, `import type … from '…'`, `export … from '…'`, `import '…'` and `import('…')`.
const specifierPattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+)\1/g;

/** The relative specifiers of a module's text; comments are dropped first so that prose does not count. */
function relativeImports(text: string): string[] {
	const code = text.replaceAll(/\/\*[\s\S]*?\*\//g, '').replaceAll(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
	return [...code.matchAll(specifierPattern)].map(match => match[2]!);
}

/** A specifier as NodeNext writes it (`./x.js`) to the source file it names (`x.ts` or `x.tsx`). */
function resolveSource(from: string, specifier: string): string | undefined {
	const target = path.resolve(path.dirname(from), specifier);
	const stem = target.replace(/\.(js|jsx|ts|tsx)$/, '');
	return [`${stem}.ts`, `${stem}.tsx`, path.join(target, 'index.ts')].find(candidate => existsSync(candidate));
}

function importGraph(root: string): Graph {
	const graph = new Map<string, string[]>();
	for (const file of sourceFiles(root)) {
		const targets = relativeImports(readFileSync(file, 'utf8'))
			.map(specifier => resolveSource(file, specifier))
			.filter((target): target is string => target !== undefined && target.startsWith(root))
			.map(target => path.relative(root, target));
		graph.set(path.relative(root, file), [...new Set(targets)]);
	}

	return graph;
}

/** Each cycle a depth-first search meets, as the path that closes it (`a → b → a`). */
function findCycles(graph: Graph): string[][] {
	const cycles: string[][] = [];
	const done = new Set<string>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const visit = (node: string): void => {
		stack.push(node);
		onStack.add(node);
		for (const next of graph.get(node) ?? []) {
			if (onStack.has(next)) {
				cycles.push([...stack.slice(stack.indexOf(next)), next]);
			} else if (!done.has(next)) {
				visit(next);
			}
		}

		stack.pop();
		onStack.delete(node);
		done.add(node);
	};

	for (const node of [...graph.keys()].sort()) {
		if (!done.has(node)) {
			visit(node);
		}
	}

	return cycles;
}

test('relativeImports: every kind of import and re-export, type-only ones too, not comments', () => {
	const text = [
		'import {a} from \'./a.js\';',
		'import type {B} from "../b.js";',
		'import {type C, d} from \'./c.js\';',
		'export {e} from \'./e.js\';',
		'export type {F} from \'./f.js\';',
		'export * from \'./g.js\';',
		'import \'./side-effect.js\';',
		'const h = await import(\'./h.js\');',
		'import {x} from \'node:fs\';',
		'// see from \'./commented.js\'',
		'/* import(\'./block.js\') */',
		'const url = \'https://example.com\'; import {i} from \'./i.js\';',
	].join('\n');
	assert.deepEqual(relativeImports(text), ['./a.js', '../b.js', './c.js', './e.js', './f.js', './g.js', './side-effect.js', './h.js', './i.js']);
});

test('findCycles: finds a cycle and a self-import, and nothing in a tree', () => {
	assert.deepEqual(findCycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['d']]])), [['a', 'b', 'c', 'a'], ['d', 'd']]);
	assert.deepEqual(findCycles(new Map([['a', ['b', 'c']], ['b', ['c']], ['c', []]])), []);
});

test('no import cycles in src/, type-only imports included', () => {
	const graph = importGraph(sourceRoot);
	assert.ok(graph.size > 50, `read the sources at ${sourceRoot}`);
	const cycles = findCycles(graph);
	assert.deepEqual(cycles.map(cycle => cycle.join(' → ')), [], 'move what both sides need to a file of its own');
});
