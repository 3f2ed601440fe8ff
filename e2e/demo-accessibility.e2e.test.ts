import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startReelbackServer, type RunningServer } from './support/reelback-server.js';
import { launchChromium } from './support/chromium.js';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let server: RunningServer;
let browser: BrowserContext;

beforeAll(async () => {
  server = await startReelbackServer();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
}

describe('the demo page with the widget inline and in the bubble', () => {
  it('has no axe-core violations, closed and with the bubble open', async () => {
    const page = await browser.newPage();
    // Entries of the live event log fade in: axe would measure a half-transparent line's contrast mid-animation.
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(`${server.url}/demo/`);
    await expect.poll(() => page.locator('#reelback-inline').getByRole('heading', { name: "Hi, I'm Maya from Acme Boards" }).count()).toBe(1);
    expect(await violations(page)).toEqual([]);

    await page.locator('reelback-bubble').getByRole('button', { name: /feedback/i }).first().click();
    await expect.poll(() => page.locator('reelback-bubble').getByRole('dialog').getByRole('heading').count()).toBe(1);
    expect(await violations(page)).toEqual([]);
    await page.close();
  });
});
