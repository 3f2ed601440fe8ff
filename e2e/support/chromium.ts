import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../test-support/chromium.js';

/** Debian's Chromium, headless, as every browser test here starts it. */
export async function launchChromium(options: { extraArgs?: string[] } = {}): Promise<BrowserContext> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'reelback-chromium-'));
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...(options.extraArgs ?? [])],
  });
}
