import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = '@reelback/server';

/**
 * The folder of the nearest package.json named @reelback/server at or above the module at `moduleUrl`. This code
 * runs from src/paths.ts (tests, tsx) and bundled into dist/main.js or dist/index.js (`npm start`): counting `../`
 * from the module would hold only while both sit at the same depth, the package root holds for any layout.
 */
export function findPackageRoot(moduleUrl: string | URL, name = PACKAGE_NAME): string {
  const start = dirname(fileURLToPath(moduleUrl));
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === name) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json named ${name} at or above ${start}`);
  }
}

/** Repository folders, found from the server package rather than the working directory, so any cwd works. */
export const serverRoot = findPackageRoot(import.meta.url);
export const repoRoot = join(serverRoot, '..', '..');
export const defaultWidgetDist = join(repoRoot, 'packages', 'widget', 'dist');
export const defaultDashboardDist = join(repoRoot, 'packages', 'dashboard', 'dist');
export const defaultDemoDir = join(repoRoot, 'demo');
export const defaultDemoFlowFile = join(repoRoot, 'demo', 'flow.json');
