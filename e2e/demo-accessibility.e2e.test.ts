import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useServerAndBrowser } from './support/server-and-browser.js';
import { showTheInlinePlayer } from './support/demo-viewer.js';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const e2e = useServerAndBrowser();

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
    const page = await e2e.browser.newPage();
    // Entries of the live event log fade in: axe would measure a half-transparent line's contrast mid-animation.
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(`${e2e.server.url}/demo/`);
    await showTheInlinePlayer(page);
    await expect.poll(() => page.locator('#reelback-inline').getByRole('heading', { name: "Hi, I'm Maya from Acme Boards" }).count()).toBe(1);
    expect(await violations(page)).toEqual([]);

    // The launcher steps aside while the inline player is in view: back to the top, where it shows.
    await page.evaluate(() => scrollTo(0, 0));
    await page.locator('reelback-bubble').getByRole('button', { name: /feedback/i }).first().click();
    await expect.poll(() => page.locator('reelback-bubble').getByRole('dialog').getByRole('heading').count()).toBe(1);
    expect(await violations(page)).toEqual([]);
    await page.close();
  });
});
