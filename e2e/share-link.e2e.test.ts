import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { EditableFlow } from '@reelback/shared';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from './support/server-and-browser.js';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const e2e = useServerAndBrowser();

/** axe-core's findings, its source evaluated over the DevTools protocol (the page's CSP forbids inline scripts). */
async function violations(page: Page): Promise<string[]> {
  await page.evaluate(await readFile(axePath, 'utf8'));
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
}

describe('the share link page against the real server', () => {
  it('plays the published flow with its theme and the link’s variables, without login, under its CSP; 410 once archived', async () => {
    const admin = (method: string, path: string, body?: unknown) =>
      fetch(`${e2e.server.url}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${e2e.server.adminKey}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const made = EditableFlow.parse(await (await admin('POST', '/flows', { template: 'nps', name: 'Share check' })).json());
    const themed = { ...made.draft, theme: { accent: '#0b7a3e', background: '#102030', font: 'serif' } };
    expect((await admin('PUT', `/flows/${made.id}`, { definition: themed })).status).toBe(200);
    expect((await admin('POST', `/flows/${made.id}/versions`)).status).toBe(201);

    const page = await e2e.browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(String(error)));
    page.on('console', (m) => m.type() === 'error' && !/favicon/.test(m.location().url) && problems.push(m.text()));
    await page.addInitScript(() => localStorage.clear());
    const res = await page.goto(`${e2e.server.url}/f/${made.id}?name=Ann`);
    expect(res!.status()).toBe(200);
    expect(await page.title()).toBe('Share check');
    await page.getByRole('heading', { name: /^Hi Ann — how likely/ }).waitFor();
    const widget = page.locator('reelback-flow');
    expect(await widget.evaluate((el) => getComputedStyle(el).getPropertyValue('--reelback-accent'))).toBe('#0b7a3e');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(16, 32, 48)');
    expect(await violations(page)).toEqual([]);

    // The scores are radios drawn as a row of labels (the input itself is visually hidden).
    await widget.getByRole('radio', { name: '9 of 10' }).check({ force: true });
    await widget.getByRole('button', { name: 'Send' }).click();
    await expect.poll(async () => (await e2e.server.sessions(made.id))[0]?.vars, { timeout: 15_000 }).toEqual({ name: 'Ann' });
    expect(problems).toEqual([]);

    expect((await admin('POST', `/flows/${made.id}/archive`)).status).toBe(200);
    const gone = await page.goto(`${e2e.server.url}/f/${made.id}`);
    expect(gone!.status()).toBe(410);
    await page.getByRole('heading', { name: 'This video flow has ended' }).waitFor();
    await page.close();
  });
});
