import {build} from 'esbuild-wasm';
const verb = process.argv[2]; const extra = JSON.parse(process.argv[3] ?? '{}');
const stub = {name: 'other-verbs', setup(b) {
  b.onResolve({filter: /^\.\/commands\/[\w-]+\.js$/}, args => {
    if (args.kind !== 'dynamic-import' || !/dist\/src\/cli(-\w+)?\.js$/.test(args.importer)) return undefined;
    if (args.path === `./commands/${verb}.js`) return undefined;
    return {path: args.path, namespace: 'other-verb'};
  });
  b.onLoad({filter: /.*/, namespace: 'other-verb'}, args => ({contents: `throw new Error('not in this bundle: ${args.path}');`}));
}};
const t = performance.now();
const r = await build({absWorkingDir: '/work/main', entryPoints: {[`zz-${verb}${extra.suffix ?? ''}`]: 'dist/src/cli.js'}, outdir: 'dist/bundle', bundle: true, splitting: false, format: 'esm', platform: 'node', target: 'node20', external: ['react-devtools-core'], define: {'process.env.NODE_ENV': '"production"', TUNNELS_BUILD_ID: '"x"'}, banner: {js: "import {createRequire} from 'node:module'; const require = createRequire(import.meta.url);"}, logLevel: 'warning', plugins: [stub], minifyWhitespace: extra.min, minifySyntax: extra.min, metafile: true});
console.log('build ms', performance.now() - t);
const m = r.metafile; const out = Object.values(m.outputs)[0]; const byPkg = {};
for (const [k, v] of Object.entries(out.inputs)) { const p = k.includes('node_modules') ? k.split('node_modules/')[1].split('/')[0] : k.split('/').slice(0,3).join('/'); byPkg[p] = (byPkg[p] ?? 0) + v.bytesInOutput; }
console.log(Object.entries(byPkg).sort((a,b)=>b[1]-a[1]).slice(0,12));
