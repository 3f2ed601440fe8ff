// Builds the dashboard into dist/ (served by the server at /app, with index.html for every page path):
//   dist/index.html   the page (references /app/app.js)
//   dist/app.js       <rb-app> and its pages, Lit included (ES module)
//   dist/chunks/*.js  code split off by dynamic imports, when there are any
import { build } from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const outdir = `${here}dist`;

/** Builds everything; returns esbuild's metafile. */
export async function buildDashboard() {
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const result = await build({
    absWorkingDir: here,
    entryPoints: { app: 'src/main.ts' },
    outdir,
    bundle: true,
    minify: true,
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    target: 'es2022',
    platform: 'browser',
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
  });
  await copyFile(`${here}src/index.html`, `${outdir}/index.html`);
  return { metafile: result.metafile, outdir };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { outdir: dir } = await buildDashboard();
  console.log(`dashboard built into ${dir}`);
}
