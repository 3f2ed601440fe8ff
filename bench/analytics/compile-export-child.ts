// export-child.ts as plain JavaScript on the server's build, so the exporter's RSS is what `npm start` would hold
// (compiled JS on node) and not tsx's: tsx compiling the server's sources at run time costs ≈ 65 MB more resident.
// Builds the server (packages/server/build.mjs: only changed files are written), then bundles export-child.ts alone
// into a temporary folder with `@reelback/server` left as an import of the built dist/index.js (its npm packages
// resolve from packages/server/node_modules as they do for the server).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { buildServer } from '@reelback/server/build';
import { serverNodeFlags } from '@reelback/server/node-flags';
import type { StorageOptions } from '@reelback/server';

export interface CompiledExportChild {
  /** node arguments that run the child on `database` (its JSON input goes after them). */
  nodeArgs: (database: StorageOptions) => string[];
  dispose: () => Promise<void>;
}

export async function compileExportChild(): Promise<CompiledExportChild> {
  const { outdir } = await buildServer();
  const serverEntry = pathToFileURL(join(outdir, 'index.js')).href;
  const dir = await mkdtemp(join(tmpdir(), 'reelback-bench-export-child-'));
  const outfile = join(dir, 'export-child.mjs');
  try {
    await build({
      entryPoints: [fileURLToPath(new URL('./export-child.ts', import.meta.url))],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: 'linked',
      logLevel: 'warning',
      plugins: [
        {
          name: 'built-server',
          setup(b) {
            b.onResolve({ filter: /^@reelback\/server$/ }, () => ({ path: serverEntry, external: true }));
          },
        },
      ],
    });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  // As `npm start` runs the server (its node flags: source maps, whose loading is part of the resident memory, and
  // PostgreSQL's young generation size).
  return {
    nodeArgs: (database) => [...serverNodeFlags(database.kind === 'postgres' ? { DATABASE_URL: database.url } : {}), outfile],
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
