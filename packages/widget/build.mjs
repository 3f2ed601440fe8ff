// Builds the browser bundles into dist/ (served by the server at /widget/* and /embed.js):
//   dist/embed.js            the one-line loader, a classic script (IIFE)
//   dist/reelback-flow.js    the player (defines <reelback-flow>, includes Lit)
//   dist/reelback-bubble.js  the launcher (defines <reelback-bubble>, imports the player when opened)
//   dist/chunks/*.js         code shared by the two modules (content-hashed names: the server caches them immutably)
//   dist/**/*.js.br, *.js.gz  each file precompressed (brotli at its best, gzip -9), sent by Accept-Encoding
import { build } from 'esbuild';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const here = fileURLToPath(new URL('.', import.meta.url));
const outdir = `${here}dist`;

const common = {
  absWorkingDir: here,
  bundle: true,
  minify: true,
  target: 'es2020',
  platform: 'browser',
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
};

/** Builds everything; returns esbuild's metafiles (the size bench reads them). */
export async function buildWidget() {
  await rm(outdir, { recursive: true, force: true });
  const modules = await build({
    ...common,
    entryPoints: { 'reelback-flow': 'src/reelback-flow.ts', 'reelback-bubble': 'src/reelback-bubble.ts' },
    outdir,
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
  });
  const loader = await build({
    ...common,
    entryPoints: { embed: 'src/embed.ts' },
    outdir,
    format: 'iife',
    // `import()` stays as written: it loads the modules at run time.
    supported: { 'dynamic-import': true },
  });
  await precompress(outdir);
  return { modules: modules.metafile, loader: loader.metafile, outdir };
}

/** Writes x.js.br and x.js.gz beside each x.js, so the server compresses nothing at run time. */
async function precompress(dir) {
  for (const entry of await readdir(dir, { recursive: true })) {
    if (!entry.endsWith('.js')) continue;
    const file = join(dir, entry);
    const source = await readFile(file);
    await writeFile(`${file}.br`, brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY } }));
    await writeFile(`${file}.gz`, gzipSync(source, { level: constants.Z_BEST_COMPRESSION }));
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { outdir: dir } = await buildWidget();
  console.log(`widget built into ${dir}`);
}
