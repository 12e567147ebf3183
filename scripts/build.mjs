// Bundles awsprof into dist/ with esbuild. The hot path (use, list, get, set) is one file, because resolving and
// loading many small ESM files costs more than parsing one. yargs is bundled on its own and loaded only when a command
// needs the full parser (help, usage errors, the less frequent commands), string-width likewise only when `list` has
// wide or combining characters to align; the AWS SDK stays in node_modules and is
// imported only by assume, refresh, whoami and `use --env`.
import { build } from 'esbuild';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';

// dist/cli.js and dist/credential-process.js are CommonJS: Node starts a CommonJS file ~15 ms sooner than an ES module
// (measured on Node 20: `use` 105.9 -> 91.2 ms, `node -e 0` 69.4), and they run in every prompt and every SDK client
// start. dist/package.json says so; the bundles they import on demand are ES modules and end in .mjs.
const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
// Build beside dist/ and swap it in at the end, so a test or user running dist/cli.js meanwhile never finds it gone.
const outdir = `dist.building-${process.pid}`;
await rm(outdir, { recursive: true, force: true });

const common = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minifySyntax: true,
  minifyWhitespace: true,
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: { 'vendor/yargs': 'scripts/vendor-yargs.mjs' },
  outdir,
  outExtension: { '.js': '.mjs' },
  // yargs uses require() for node builtins in places; give its ESM bundle one (the hot path needs none).
  banner: { js: "import { createRequire as __awsprofCreateRequire } from 'node:module'; const require = __awsprofCreateRequire(import.meta.url);" },
});

// string-width (and its East Asian width tables) is needed only when `list` shows text beyond printable ASCII.
await build({ ...common, entryPoints: { 'vendor/string-width': 'scripts/vendor-string-width.mjs' }, outdir, outExtension: { '.js': '.mjs' } });

/**
 * Points `import('yargs')` and `import('string-width')` at the separately bundled copies instead of inlining them
 * (170 KB and 30 KB) into the hot path.
 */
const yargsOutside = {
  name: 'yargs-outside',
  setup(builder) {
    builder.onResolve({ filter: /^yargs$/ }, () => ({ path: './vendor/yargs.mjs', external: true }));
    builder.onResolve({ filter: /^string-width$/ }, () => ({ path: './vendor/string-width.mjs', external: true }));
  },
};

// Two programs from the same sources: dist/cli.js (src/entry.ts) answers the commands that run in prompts on their
// fast path and holds nothing else; for any other command, or help and usage errors, it imports dist/awsprof.mjs
// (src/cli.ts, every command and yargs). One bundle for both made every new command slow down `use` in every prompt.
const shared = {
  ...common,
  outdir,
  // chalk is only loaded when colour is on, the prompt library only when a profile picker opens; kept out of the
  // bundle so the hot path never evaluates them.
  external: ['@aws-sdk/*', '@smithy/*', 'chalk', '@clack/*', './awsprof.mjs'],
  plugins: [yargsOutside],
  define: { AWSPROF_VERSION: JSON.stringify(pkg.version) },
};
await build({ ...shared, entryPoints: { awsprof: 'src/cli.ts' }, outExtension: { '.js': '.mjs' } });
await build({ ...shared, entryPoints: { cli: 'src/entry.ts' }, format: 'cjs' });

// The program `assume --process` writes into credential_process lines: a cache hit is answered by this ~15 KB bundle
// alone (every SDK client start runs it); anything else imports cli.js (#8).
await build({
  ...common,
  entryPoints: { 'credential-process': 'src/credential-process-entry.ts' },
  format: 'cjs',
  outdir,
  external: ['./cli.js', '@aws-sdk/*', '@smithy/*', 'chalk'],
});

await writeFile(`${outdir}/package.json`, `${JSON.stringify({ type: 'commonjs' })}\n`);

const old = `dist.old-${process.pid}`;
await rename('dist', old).catch(() => undefined);
await rename(outdir, 'dist');
await rm(old, { recursive: true, force: true });
