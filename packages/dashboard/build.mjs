// Builds the dashboard into dist/ (served by the server at /app, with index.html for every page path):
//   dist/index.html   the page (references /app/app.js)
//   dist/app.js       <rb-app> and its pages, Lit included (ES module)
//   dist/chunks/*.js  code split off by dynamic imports, when there are any
//   dist/ffmpeg/      the highlight reel's video tools, loaded only when an owner makes a reel: @ffmpeg/ffmpeg's
//                     worker (bundled: it imports its own modules) and @ffmpeg/core's single-thread ESM core
import { build } from 'esbuild';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
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
  // app.js's static imports (the chunk of what it shares with lazily loaded pages, e.g. Lit) are preloaded
  // beside it, so the page does not wait for app.js to arrive before asking for them.
  const preloads = result.metafile.outputs['dist/app.js'].imports
    .filter((i) => i.kind === 'import-statement')
    .map((i) => `    <link rel="modulepreload" href="/app/${i.path.slice('dist/'.length)}" />\n`)
    .join('');
  const index = await readFile(`${here}src/index.html`, 'utf8');
  await writeFile(`${outdir}/index.html`, index.replace(/( *<link rel="modulepreload" href="\/app\/app\.js" \/>\n)/, `$1${preloads}`));
  await buildFfmpegAssets(`${outdir}/ffmpeg`);
  return { metafile: result.metafile, outdir };
}

/**
 * ffmpeg.wasm's files into `dir`: worker.js (a module worker; @ffmpeg/ffmpeg makes it with
 * `new URL('./worker.js', import.meta.url)`, which esbuild leaves alone, so the reel passes this file's URL as
 * `classWorkerURL`), ffmpeg-core.js and ffmpeg-core.wasm (the ESM build: a module worker imports it).
 */
export async function buildFfmpegAssets(dir) {
  // The `import` condition: the ESM core (a module worker cannot importScripts the UMD one).
  const coreDir = dirname(fileURLToPath(import.meta.resolve('@ffmpeg/core')));
  await mkdir(dir, { recursive: true });
  await build({
    absWorkingDir: here,
    entryPoints: { worker: '@ffmpeg/ffmpeg/worker' },
    outdir: dir,
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    legalComments: 'none',
    logLevel: 'error',
  });
  await copyFile(`${coreDir}/ffmpeg-core.js`, `${dir}/ffmpeg-core.js`);
  await copyFile(`${coreDir}/ffmpeg-core.wasm`, `${dir}/ffmpeg-core.wasm`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { outdir: dir } = await buildDashboard();
  console.log(`dashboard built into ${dir}`);
}
