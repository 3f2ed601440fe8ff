// Steps on the workspace itself: the widget and dashboard bundles the server serves, and the tools in node_modules/.bin.
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { info, runOrFail } from './log.mjs';
import { pnpm } from './pnpm.mjs';

/** `pnpm --filter @reelback/widget build`: the server serves /embed.js and /widget/* from its dist/. */
export async function buildWidget(root) {
  if (!existsSync(join(root, 'packages', 'widget', 'build.mjs'))) {
    info('packages/widget/build.mjs does not exist yet: skipping the widget build (the demo page will have no widget)');
    return false;
  }
  await pnpm(root, ['--filter', '@reelback/widget', 'build'], 'the widget build (pnpm --filter @reelback/widget build)');
  return true;
}

/** `pnpm --filter @reelback/dashboard build`: the server serves /app from its dist/. */
export async function buildDashboard(root) {
  if (!existsSync(join(root, 'packages', 'dashboard', 'build.mjs'))) {
    info('packages/dashboard/build.mjs does not exist yet: skipping the dashboard build (/app will say it is not built)');
    return false;
  }
  await pnpm(root, ['--filter', '@reelback/dashboard', 'build'], 'the dashboard build (pnpm --filter @reelback/dashboard build)');
  return true;
}

/**
 * packages/server/build.mjs (the package's `build` script): the server as plain ES modules in packages/server/dist/,
 * which `start` runs (no tsx at run time); files whose bytes did not change are left alone. Run with node directly,
 * not through `npx pnpm`, whose start-up alone takes seconds longer than the build.
 */
export async function buildServer(root) {
  await runOrFail(process.execPath, [join(root, 'packages', 'server', 'build.mjs')], { cwd: root }, 'the server build (node packages/server/build.mjs)');
}

/** The environment with the workspace's node_modules/.bin first on PATH, as `pnpm exec` would have it. */
export function withLocalBin(root, env = process.env) {
  return { ...env, PATH: [join(root, 'node_modules', '.bin'), env.PATH ?? ''].join(delimiter) };
}
