// Steps on the workspace itself: the widget bundle the server serves, and the tools in node_modules/.bin.
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { info } from './log.mjs';
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

/** The environment with the workspace's node_modules/.bin first on PATH, as `pnpm exec` would have it. */
export function withLocalBin(root, env = process.env) {
  return { ...env, PATH: [join(root, 'node_modules', '.bin'), env.PATH ?? ''].join(delimiter) };
}
