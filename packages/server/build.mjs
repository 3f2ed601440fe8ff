// Builds the server into dist/ as plain ES modules, so it runs on `node` without tsx (which costs ≈ 40 MB of RSS
// and a slower start for compiling TypeScript at run time):
//   dist/main.js    the server (`npm start` runs `node --enable-source-maps packages/server/dist/main.js`)
//   dist/index.js   the package's exports (createApp, openStorage, composeMedia…) for benchmarks and embedding
//   dist/*.js.map   source maps: with --enable-source-maps, stack traces name the .ts files and lines
// Our workspace code is bundled (@reelback/shared's exports point at .ts sources, which node cannot load); every
// npm package in package.json's dependencies stays an import, resolved from node_modules at run time (native
// better-sqlite3, pg, hono… and packages that find their own files, like swagger-ui-dist).
// Files are written only when their bytes changed, each through a temporary file and a rename: a server or
// benchmark reading dist/ while another build runs sees the old file or the new one, never half of one.
import { build } from 'esbuild';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const outdir = `${here}dist`;
const ENTRY_POINTS = { main: 'src/main.ts', index: 'src/index.ts' };

/** package.json's dependencies that come from npm (not `workspace:`), each also with its subpaths (`hono/cookie`). */
export async function externalPackages() {
  const manifest = JSON.parse(await readFile(`${here}package.json`, 'utf8'));
  const names = Object.entries(manifest.dependencies ?? {})
    .filter(([, range]) => !String(range).startsWith('workspace:'))
    .map(([name]) => name);
  return names.flatMap((name) => [name, `${name}/*`]);
}

/** Builds dist/; returns which files changed (relative to dist/) and esbuild's metafile. */
export async function buildServer() {
  const result = await build({
    absWorkingDir: here,
    entryPoints: ENTRY_POINTS,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: await externalPackages(),
    // Bundling can rename a class or function whose name another module also uses; its .name stays as written
    // (error names, logs).
    keepNames: true,
    sourcemap: 'linked',
    // Stack traces only need the mappings; the sources are beside them in the repository.
    sourcesContent: false,
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    write: false,
  });
  await mkdir(outdir, { recursive: true });
  const changed = [];
  for (const file of result.outputFiles) {
    const current = await readFile(file.path).catch(() => null);
    if (current && Buffer.compare(current, file.contents) === 0) continue;
    const temporary = `${file.path}.${process.pid}.tmp`;
    await writeFile(temporary, file.contents);
    await rename(temporary, file.path);
    changed.push(relative(outdir, file.path));
  }
  return { changed, metafile: result.metafile, outdir };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { changed, outdir: dir } = await buildServer();
  console.log(changed.length ? `server built into ${dir} (${changed.join(', ')})` : `server bundle in ${dir} is up to date`);
}
