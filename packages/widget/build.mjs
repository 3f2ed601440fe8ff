// Builds the browser bundles into dist/ (served by the server at /widget/* and /embed.js):
//   dist/embed.js            the one-line loader, a classic script (IIFE)
//   dist/reelback-flow.js    the player's entry, one small file without Lit: holds the players' places and imports
//                            the player chunk (src/player.ts: Lit, defines <reelback-flow>) once one nears the viewport
//   dist/reelback-bubble.js  the launcher (defines <reelback-bubble>, imports the player when opened)
//   dist/chunks/*.js         code shared by the two modules, and lazily loaded pieces (content-hashed names: the server
//                            caches them immutably; the previous builds' chunks are kept a while for pages opened
//                            before a deploy)
//   dist/**/*.js.br, *.js.gz  each file precompressed (brotli at its best, gzip -9), sent by Accept-Encoding
import { build, transform } from 'esbuild';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const here = fileURLToPath(new URL('.', import.meta.url));
const PLAYER_SOURCE = 'src/player.ts';
const outdir = `${here}dist`;

/**
 * Minifies the CSS of the `*.styles.ts` files: Lit keeps a css`` template's text as written, indentation and all.
 * Each must hold exactly one template literal without `${}` or escapes: the build fails otherwise (a backtick in a
 * comment once made one ship unminified, 0.3 KB gz over the player's budget, unnoticed).
 */
const minifyStyles = {
  name: 'reelback-minify-styles',
  setup(b) {
    b.onLoad({ filter: /\.styles\.ts$/ }, async (args) => {
      const parts = (await readFile(args.path, 'utf8')).split('`');
      if (parts.length !== 3 || parts[1].includes('${') || parts[1].includes('\\')) {
        throw new Error(`${args.path}: a *.styles.ts file holds one css template and no other backtick, \${} or escape, so its CSS can be minified`);
      }
      const { code } = await transform(parts[1], { loader: 'css', minify: true });
      return { contents: `${parts[0]}\`${code.trim()}\`${parts[2]}`, loader: 'ts' };
    });
  },
};

/**
 * Drops the indentation of the components' sources: in JavaScript it means nothing, and in their Lit templates
 * (which the minifier keeps as written) only whitespace that HTML collapses anyway (no template of theirs sits in a
 * `white-space: pre` box). Newlines stay, so `pre-line` text reads the same.
 */
const unindentTemplates = {
  name: 'reelback-unindent-templates',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]components[\\/].*\.ts$/ }, async (args) =>
      /\.(styles|test)\.ts$/.test(args.path) ? undefined : { contents: (await readFile(args.path, 'utf8')).replace(/\n[ \t]+/g, '\n'), loader: 'ts' },
    );
  },
};

const common = {
  plugins: [minifyStyles, unindentTemplates],
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
    // The player (src/player.ts) is a chunk of this build: the bubble imports it, and so does the entry below.
    entryPoints: { 'reelback-bubble': 'src/reelback-bubble.ts' },
    outdir,
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    // Module scripts are always read as UTF-8 (whatever the page's charset): the catalogues' words stay as written,
    // not as \uXXXX escapes (three times the bytes for Arabic, Hebrew and Japanese). The loader, a classic
    // script read in the page's charset, keeps ASCII.
    charset: 'utf8',
  });
  const playerChunk = Object.entries(modules.metafile.outputs).find(([, output]) => output.entryPoint === PLAYER_SOURCE)?.[0];
  if (!playerChunk) throw new Error(`no chunk of ${PLAYER_SOURCE} in the build: the bubble no longer imports it?`);
  // The entry stands alone (no chunk imports, esbuild's runtime helpers included): a page's one request at load, so
  // it holds the players' places as early as it can. Its import() of the player chunk is the one place that names it.
  const entry = await build({
    ...common,
    entryPoints: { 'reelback-flow': 'src/reelback-flow.ts' },
    outdir,
    format: 'esm',
    charset: 'utf8',
    define: { __PLAYER_CHUNK__: JSON.stringify(`./${relative(outdir, join(here, playerChunk))}`) },
    external: ['./chunks/*'],
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
  await precompress(outdir);
  return { modules: modules.metafile, entry: entry.metafile, loader: loader.metafile, outdir };
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

/** Old chunks past their days go with their compressed copies (judged by the chunk's own age, not the copies'). */
async function pruneOldChunks(outputs) {
  const current = new Set(outputs.map((path) => path.replace(/^dist\//, '')));
  const cutoff = Date.now() - KEEP_OLD_CHUNKS_DAYS * 24 * 3600 * 1000;
  for (const name of await readdir(`${outdir}/chunks`).catch(() => [])) {
    if (!name.endsWith('.js') || current.has(`chunks/${name}`)) continue;
    const path = `${outdir}/chunks/${name}`;
    if ((await stat(path)).mtimeMs < cutoff) await Promise.all(['', '.br', '.gz'].map((suffix) => rm(`${path}${suffix}`, { force: true })));
  }
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
