// The direction imports go: the domain (what tunnels are and do) never reaches up into the layers that
// talk to a person (present/, ui/, commands/, cli.ts). Read from the sources, not the build: type-only
// imports leave nothing behind in JavaScript.
import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';

// Tests compile to dist/test/…: the sources are three levels up from here.
const src = fileURLToPath(new URL('../../../src/', import.meta.url));

const domain = ['profile', 'ssh', 'ssh-config', 'mux', 'proc', 'net', 'tunnel', 'core', 'watch', 'store', 'export', 'import', 'logs', 'service'];
const above = ['present', 'ui', 'commands', 'cli'];

/** Every module specifier of a file: static imports and re-exports (type-only too), side-effect imports, `import('…')`. */
export function specifiers(text: string): string[] {
	const patterns = [
		/\b(?:import|export)\s+(?:type\s+)?[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
		/\bimport\s*['"]([^'"]+)['"]/g,
		/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
	];
	return patterns.flatMap(pattern => [...text.matchAll(pattern)].map(match => match[1]!));
}

/** The top-level folder (or file, without its extension) of src/ that a relative specifier lands in. */
function landsIn(file: string, specifier: string): string | undefined {
	if (!specifier.startsWith('.')) {
		return undefined;
	}

	const relative = path.relative(src, path.resolve(path.dirname(file), specifier));
	if (relative.startsWith('..')) {
		return undefined;
	}

	const [first = ''] = relative.split(path.sep);
	return first.replace(/\.(js|jsx|ts|tsx)$/, '');
}

function sources(directory: string): string[] {
	return readdirSync(directory, {withFileTypes: true}).flatMap(entry => {
		const full = path.join(directory, entry.name);
		return entry.isDirectory() ? sources(full) : /\.tsx?$/.test(entry.name) ? [full] : [];
	});
}

test('the specifiers of a file: every form of import', () => {
	const text = [
		'import {a} from \'./a.js\';',
		'import type {B} from "../b.js";',
		'import {\n\tc,\n\ttype D,\n} from \'./c.js\';',
		'export {e} from \'./e.js\';',
		'export type {F} from \'./f.js\';',
		'import \'./side-effect.js\';',
		'const g = await import(\'../g.js\');',
		'type H = import(\'./h.js\').H;',
	].join('\n');
	assert.deepEqual(specifiers(text).sort(), ['../b.js', '../g.js', './a.js', './c.js', './e.js', './f.js', './h.js', './side-effect.js']);
});

test('no domain module imports present/, ui/, commands/ or cli.ts', () => {
	const found = domain.flatMap(folder => sources(path.join(src, folder)).flatMap(file => specifiers(readFileSync(file, 'utf8'))
		.filter(specifier => above.includes(landsIn(file, specifier) ?? ''))
		.map(specifier => `${path.relative(src, file)} imports ${specifier}`)));
	assert.deepEqual(found, []);
});

test('the domain folders are all there: a renamed folder must be named here too', () => {
	const folders = readdirSync(src, {withFileTypes: true}).filter(entry => entry.isDirectory()).map(entry => entry.name);
	assert.deepEqual(domain.filter(folder => !folders.includes(folder)), []);
});

// The pure folders take data and return data: they may name the effects' types, never call them.
const pure = ['profile', 'ssh', 'ssh-config', 'import', 'tunnel', 'export', 'logs'];
const effects = ['proc', 'net', 'mux', 'store', 'core', 'watch', 'askpass'];
const effectPackages = ['node:fs', 'node:fs/promises', 'node:child_process', 'node:net', 'node:os', 'node:process', 'execa', 'ps-list'];

/** Specifiers a file imports for their values: `import type` (a whole declaration) leaves nothing at run time. */
function valueSpecifiers(text: string): string[] {
	const patterns = [
		/\b(?:import|export)\s+(?!type\b)[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
		/\bimport\s*['"]([^'"]+)['"]/g,
		/\bawait\s+import\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
	];
	return [...new Set(patterns.flatMap(pattern => [...text.matchAll(pattern)].map(match => match[1]!)))];
}

test('the pure folders do no I/O: no effect module and no I/O package is imported for its values', () => {
	const found = pure.flatMap(folder => sources(path.join(src, folder)).flatMap(file => valueSpecifiers(readFileSync(file, 'utf8'))
		.filter(specifier => effects.includes(landsIn(file, specifier) ?? '') || effectPackages.includes(specifier))
		.map(specifier => `${path.relative(src, file)} imports ${specifier}`)));
	assert.deepEqual(found, []);
});

test('value imports and type imports are told apart', () => {
	const text = 'import type {A} from \'../proc/types.js\';\nimport {b, type B} from \'./b.js\';\nimport type {C} from \'./c.js\';\nimport \'./d.js\';\nconst e = await import(\'./e.js\');';
	assert.deepEqual(valueSpecifiers(text), ['./b.js', './d.js', './e.js']);
});

// The program runs with `dependencies` only (the bundle is built from them): a devDependency
// imported from src/ would work in the tests and break for a user who installs the package.
test('src/ imports only packages listed under dependencies (or node: built-ins)', () => {
	const manifest = JSON.parse(readFileSync(fileURLToPath(new URL('../../../package.json', import.meta.url)), 'utf8')) as {dependencies: Record<string, string>};
	const packageOf = (specifier: string) => specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
	// Statements at the start of a line only: words like "import" in strings and comments are not imports.
	const statement = /^(?:import|export)\s(?!type\b)[^;]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/gm;
	const found = sources(src).flatMap(file => [...readFileSync(file, 'utf8').matchAll(statement)].map(match => (match[1] ?? match[2])!)
		.filter(specifier => !specifier.startsWith('.') && !specifier.startsWith('node:') && !(packageOf(specifier) in manifest.dependencies))
		.map(specifier => `${path.relative(src, file)} imports ${specifier}`));
	assert.deepEqual(found, []);
});
