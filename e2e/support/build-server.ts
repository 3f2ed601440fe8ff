// Vitest global setup: builds what the e2e files serve before any of them starts the server — the server bundle
// (packages/server/build.mjs, unchanged files left alone), and the widget and dashboard bundles when a source file is
// newer than the bundle (a run on changed sources must never test a stale dist/: `npm test` builds all three first,
// a narrowed `vitest run --project e2e` after editing the widget would not).
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServer } from '@reelback/server/build';
import { buildDashboard } from '../../packages/dashboard/build.mjs';
import { buildWidget } from '../../packages/widget/build.mjs';

const packages = fileURLToPath(new URL('../../packages/', import.meta.url));

/** The newest modification time of any file under `dir` (0 when it does not exist). */
async function newestUnder(dir: string): Promise<number> {
  let newest = 0;
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}

/** True when `built` is missing or older than a source of `pkg` (its src/ or shared's, which it bundles). */
async function stale(pkg: string, built: string): Promise<boolean> {
  const builtAt = (await stat(join(packages, pkg, built)).catch(() => null))?.mtimeMs ?? 0;
  const sources = Math.max(await newestUnder(join(packages, pkg, 'src')), await newestUnder(join(packages, 'shared', 'src')));
  return sources > builtAt;
}

export default async function setup(): Promise<void> {
  if (await stale('widget', 'dist/reelback-flow.js')) await buildWidget();
  if (await stale('dashboard', 'dist/app.js')) await buildDashboard();
  await buildServer();
}
