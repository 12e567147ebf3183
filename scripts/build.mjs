// Bundles src/cli.ts into dist/ with esbuild. One file for the hot path keeps start-up close to Node's own: ESM
// resolution of dozens of small files costs more than parsing one. Heavy code (yargs, the AWS SDK) is split into
// chunks loaded only by the commands that need them.
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
await rm(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: ['src/cli.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minifySyntax: true,
  minifyWhitespace: true,
  chunkNames: 'chunks/[name]-[hash]',
  external: ['@aws-sdk/*', '@smithy/*'],
  define: { AWSPROF_VERSION: JSON.stringify(pkg.version) },
  // yargs and friends use require() of node builtins in places; give the ESM bundle a require.
  banner: { js: "import { createRequire as __awsprofCreateRequire } from 'node:module'; const require = __awsprofCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
