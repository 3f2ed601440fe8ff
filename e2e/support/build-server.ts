// Vitest global setup: builds the server bundle (packages/server/build.mjs) before any e2e file starts the server
// from it, so a run on changed sources never tests a stale dist/ (unchanged files are left as they are).
import { buildServer } from '@reelback/server/build';

export default async function setup(): Promise<void> {
  await buildServer();
}
