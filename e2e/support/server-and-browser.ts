import { afterAll, beforeAll } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { launchChromium } from './chromium.js';
import { startReelbackServer, type RunningServer } from './reelback-server.js';

/** One real server and one Chromium for a test file; read them inside tests and hooks registered after this. */
export function useServerAndBrowser(): { server: RunningServer; browser: BrowserContext } {
  const context = {} as { server: RunningServer; browser: BrowserContext };
  beforeAll(async () => {
    context.server = await startReelbackServer();
    context.browser = await launchChromium();
  });
  afterAll(async () => {
    await context.browser?.close();
    await context.server?.stop();
  });
  return context;
}
