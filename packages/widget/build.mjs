// Builds the browser bundles into dist/ (served by the server at /widget/* and /embed.js):
//   dist/embed.js            the one-line loader, a classic script (IIFE)
//   dist/reelback-flow.js    the player (defines <reelback-flow>, includes Lit)
//   dist/reelback-bubble.js  the launcher (defines <reelback-bubble>, imports the player when opened)
//   dist/chunks/*.js         code shared by the two modules, and lazily loaded pieces (content-hashed names; the
//                            previous builds' chunks are kept a while for pages opened before a deploy)
import { build } from 'esbuild';
import { readdir, rm, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

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
  await clearOutput();
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
  await pruneOldChunks(Object.keys(modules.metafile.outputs));
  return { modules: modules.metafile, loader: loader.metafile, outdir };
}

/**
 * A page opened before a deploy still imports the previous build's chunks by their content-hashed names: they stay
 * for `KEEP_OLD_CHUNKS_DAYS` (a rebuild of the same sources makes the same names). Everything else is rebuilt.
 */
const KEEP_OLD_CHUNKS_DAYS = 14;

async function clearOutput() {
  const entries = await readdir(outdir).catch(() => []);
  await Promise.all(entries.filter((name) => name !== 'chunks').map((name) => rm(`${outdir}/${name}`, { recursive: true, force: true })));
}

async function pruneOldChunks(outputs) {
  const current = new Set(outputs.map((path) => path.replace(/^dist\//, '')));
  const cutoff = Date.now() - KEEP_OLD_CHUNKS_DAYS * 24 * 3600 * 1000;
  for (const name of await readdir(`${outdir}/chunks`).catch(() => [])) {
    const path = `${outdir}/chunks/${name}`;
    if (!current.has(`chunks/${name}`) && (await stat(path)).mtimeMs < cutoff) await rm(path, { force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { outdir: dir } = await buildWidget();
  console.log(`widget built into ${dir}`);
}
