#!/usr/bin/env node
// The build: `node .ci/build.mjs` (npm run build), or `--no-bundle` for the unit tests, which import
// dist/src and never run the binary.
//
// 1. Empty dist/, so that no file of a renamed or deleted source lingers there.
// 2. tsc -p .: src/ into dist/src, and test/ and bench/ into dist/test and dist/bench, which import
//    dist/src (tsc is also the type check: a type error fails the build).
// 3. Bundle both programs from dist/src into dist/bundle, the only code the package ships:
//    dist/bundle/cli.js (bin/tunnels.js) and dist/bundle/askpass.js (bin/tunnels-askpass.js), then
//    one self-contained CommonJS file per verb that runs often (dist/bundle/verb-ls.cjs…) and
//    entry.js, which runs a command line with the file made for it (src/entry.ts).
//    These names and their depth are fixed: bin/ imports them, and cli.ts's packageVersion() reads
//    ../../package.json from its own file, which works from dist/src/cli.js and dist/bundle/*.js.
// 4. dist/bundle-meta.json: esbuild's record of what each bundle file holds; the build fails when
//    a command that runs often would load the YAML parser as it starts (refuseYamlOnStart).
import {spawnSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = !process.argv.slice(2).includes('--no-bundle');

rmSync(path.join(root, 'dist'), {recursive: true, force: true});

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', root], {cwd: root, stdio: 'inherit'});
if (compiled.status !== 0) {
	process.exit(compiled.status ?? 1);
}

if (bundle) {
	// esbuild-wasm, not esbuild: its compiler is one .wasm inside the npm package, so installing
	// downloads no platform binary (esbuild's optional @esbuild/<platform> packages) and runs no
	// install script. Bundling halves the time to the UI's first frame (bench/ui.ts): imported as
	// separate modules, Ink alone took ~600 ms to load (es-toolkit/compat alone is 416 files).
	const {build} = await import('esbuild-wasm');
	// The build's identity, for the profile cache (profile/parse-cache.ts), which takes an entry only
	// from the same build: a changed parser, validator or yaml package never answers with what an
	// older one made of a file. A placeholder while bundling, then a hash of every file of the bundle.
	const buildIdPlaceholder = 'tunnels-build-id-placeholder';
	const shared = {
		absWorkingDir: root,
		outdir: 'dist/bundle',
		bundle: true,
		format: 'esm',
		platform: 'node',
		target: 'node20',
		external: [
			// Imported only by Ink's devtools.js, which Ink loads only when DEV=true, and then
			// catches ERR_MODULE_NOT_FOUND. It is not installed: left in, it fails the build.
			'react-devtools-core',
		],
		// React and Ink pick their production build on NODE_ENV: no development checks or warnings.
		define: {'process.env.NODE_ENV': '"production"', TUNNELS_BUILD_ID: JSON.stringify(buildIdPlaceholder)},
		// Bundled CommonJS dependencies (commander, yaml, React) call require()
		// for Node's built-in modules, and an ES module has no require: each output file gets one.
		banner: {js: 'import {createRequire} from \'node:module\'; const require = createRequire(import.meta.url);'},
		logLevel: 'warning',
	};
	const {ownBundleVerbs, verbBundleFile} = await import(path.join(root, 'dist', 'src', 'entry.js'));
	const verbs = [...new Set(Object.values(ownBundleVerbs))];
	const [{metafile}] = await Promise.all([
		build({
			...shared,
			entryPoints: {
				cli: 'dist/src/cli.js',
				askpass: 'dist/src/askpass/client.js',
			},
			// cli.ts loads each command's module with `await import()` when it runs. Without splitting
			// esbuild would inline them all into cli.js; with it each lazy part is its own file, still
			// loaded only when needed, so `print` never loads Ink, and the askpass helper (ssh runs it
			// for every prompt) loads none of the CLI.
			splitting: true,
			metafile: true,
		}),
		// Bundles no CommonJS package: no require() of its own.
		build({...shared, entryPoints: {entry: 'dist/src/entry.js'}, banner: {}}),
		// Without splitting, the import()s of the verb's own code are inlined and still run only when
		// reached (the YAML parser on the profile cache's miss); the other verbs' are left out.
		// CommonJS, run through V8's code cache (src/code-cache.ts), which Node 20 offers for scripts
		// only: import.meta.url is the runner's importMetaUrl, and import() a require().
		...verbs.map(async verb => build({
			...shared,
			entryPoints: {[verbBundleFile(verb).replace(/\.cjs$/, '')]: 'dist/src/cli.js'},
			format: 'cjs',
			outExtension: {'.js': '.cjs'},
			banner: {},
			define: {...shared.define, 'import.meta.url': 'importMetaUrl'},
			supported: {'dynamic-import': false},
			plugins: [onlyVerb(verb)],
		})),
	]);
	stampBuildId(path.join(root, 'dist', 'bundle'), buildIdPlaceholder);
	// What each output file holds and imports, statically or with import(): which modules a command
	// loads (https://esbuild.github.io/analyze/ reads it). Beside the bundle, not in it: not shipped.
	writeFileSync(path.join(root, 'dist', 'bundle-meta.json'), JSON.stringify(metafile));
	// The verb bundles hold the same modules with the same static imports: what holds here holds there.
	refuseYamlOnStart(metafile, ['dist/src/cli.js', ...verbs.map(verb => `dist/src/commands/${verb}.js`)]);
}

/**
 * Leaves every verb's module but `verb`'s out of a bundle of cli.ts: what cli.ts, cli-edit.ts and
 * cli-keep.ts import() for another verb becomes a module that throws. The file runs only when argv
 * names that verb alone (src/entry.ts), and then the program registers no other (cli-verb.ts).
 */
function onlyVerb(verb) {
	return {
		name: 'only-verb',
		setup(build) {
			build.onResolve({filter: /^\.\/commands\/[\w-]+\.js$/}, args => {
				const fromCli = args.kind === 'dynamic-import' && /[/\\]dist[/\\]src[/\\]cli(-\w+)?\.js$/.test(args.importer);
				return fromCli && args.path !== `./commands/${verb}.js` ? {path: args.path, namespace: 'other-verb'} : undefined;
			});
			build.onLoad({filter: /.*/, namespace: 'other-verb'}, args => ({
				contents: `throw new Error(${JSON.stringify(`${args.path} is not in the bundle of \`${verb}\``)});`,
			}));
		},
	};
}

/**
 * Fails the build when the program or one of these commands loads the YAML parser before it runs:
 * with the profile cache (commands/context.ts) a command whose profile did not change needs none
 * of it, and only the cache's miss path imports profile/parse.ts with import().
 */
function refuseYamlOnStart(metafile, entryPoints) {
	const outputs = Object.entries(metafile.outputs);
	for (const entryPoint of entryPoints) {
		const start = outputs.find(([, output]) => output.entryPoint === entryPoint);
		if (start === undefined) {
			throw new Error(`build: no output file for ${entryPoint}`);
		}

		const loaded = new Set();
		const visit = file => {
			if (!loaded.has(file)) {
				loaded.add(file);
				for (const imported of metafile.outputs[file].imports) {
					if (imported.kind === 'import-statement' && imported.path in metafile.outputs) {
						visit(imported.path);
					}
				}
			}
		};
		visit(start[0]);
		const yaml = [...loaded].filter(file => Object.keys(metafile.outputs[file].inputs).some(input => input.includes('node_modules/yaml/')));
		if (yaml.length > 0) {
			throw new Error(`build: ${entryPoint} loads the YAML parser as it starts (${yaml.join(', ')}): import it with import() on the cache's miss path only`);
		}
	}
}

/** Replaces the placeholder in the bundle's files with a hash of all of them (placeholder included): any changed byte, another id. */
function stampBuildId(directory, placeholder) {
	const files = readdirSync(directory).filter(name => name.endsWith('.js') || name.endsWith('.cjs')).sort();
	const identity = createHash('sha256');
	for (const file of files) {
		identity.update(file).update('\0').update(readFileSync(path.join(directory, file)));
	}

	const id = identity.digest('hex').slice(0, placeholder.length);
	for (const file of files) {
		const text = readFileSync(path.join(directory, file), 'utf8');
		if (text.includes(placeholder)) {
			writeFileSync(path.join(directory, file), text.replaceAll(placeholder, id));
		}
	}
}
