import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../test-support/chromium.js';
import { watchBrowser } from './failure-report.js';

/** Debian's Chromium, headless, as every browser test here starts it. */
export async function launchChromium(options: { extraArgs?: string[] } = {}): Promise<BrowserContext> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'reelback-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...(options.extraArgs ?? [])],
  });
  // A failing test prints this browser's upload requests (failure-report.ts).
  watchBrowser(context);
  return context;
}
