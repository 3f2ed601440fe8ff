import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultDemoFlowFile, findPackageRoot, repoRoot, serverRoot } from './paths.js';

describe('paths', () => {
  const made: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('finds the server package and the repository from the sources', () => {
    expect(existsSync(join(serverRoot, 'src', 'paths.ts'))).toBe(true);
    expect(existsSync(join(repoRoot, 'pnpm-workspace.yaml'))).toBe(true);
    expect(existsSync(defaultDemoFlowFile)).toBe(true);
  });

  it('finds the package root from a module at any depth, skipping package.json files of other names', async () => {
    const root = await mkdtemp(join(tmpdir(), 'reelback-paths-'));
    made.push(root);
    await writeFile(join(root, 'package.json'), JSON.stringify({ name: '@reelback/server' }));
    await mkdir(join(root, 'dist', 'chunks', 'nested'), { recursive: true });
    await writeFile(join(root, 'dist', 'chunks', 'package.json'), JSON.stringify({ type: 'module' }));
    expect(findPackageRoot(pathToFileURL(join(root, 'dist', 'main.js')))).toBe(root);
    expect(findPackageRoot(pathToFileURL(join(root, 'dist', 'chunks', 'nested', 'x.js')).href)).toBe(root);
    expect(() => findPackageRoot(pathToFileURL(join(root, 'dist', 'main.js')), '@reelback/no-such-package')).toThrow(/no package.json named @reelback\/no-such-package/);
  });
});
