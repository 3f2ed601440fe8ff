import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import { fakeMediaArgs, type FakeMedia } from '../support/fake-media.js';
import { pageScript, type EngineBrowser, type EnginePage } from './engine.js';

class ChromiumPage implements EnginePage {
  constructor(private readonly page: Page) {}
  async goto(url: string): Promise<void> {
    await this.page.goto(url);
  }
  async reload(): Promise<void> {
    await this.page.reload();
  }
  run<T>(body: string, args?: unknown): Promise<T> {
    return this.page.evaluate(pageScript(body, args)) as Promise<T>;
  }
  close(): Promise<void> {
    return this.page.close();
  }
}

/** Debian's Chromium through Playwright, as the other e2e tests start it, with files as camera and microphone. */
export async function launchChromiumEngine(media: FakeMedia): Promise<EngineBrowser> {
  const context: BrowserContext = await launchChromium({ extraArgs: fakeMediaArgs(media) });
  return {
    name: 'chromium',
    newPage: async () => new ChromiumPage(await context.newPage()),
    close: () => context.close(),
  };
}
