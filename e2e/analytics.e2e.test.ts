import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { FlowAnalytics } from '@reelback/shared';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from './support/server-and-browser.js';
import { showTheInlinePlayer } from './support/demo-viewer.js';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const e2e = useServerAndBrowser();
const ADMIN = { email: 'ada@acme.example', password: 'a long admin password' };

/** A new viewer (nothing kept from an earlier one) on the demo page. */
async function newViewer(): Promise<Page> {
  const page = await e2e.browser.newPage();
  // Before the widget runs: clearing after a first load would leave that load's session behind as a third viewer.
  await page.addInitScript(() => localStorage.clear());
  await page.goto(`${e2e.server.url}/demo/`);
  await showTheInlinePlayer(page);
  return page;
}

async function waitForSessions(count: number, completed: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const sessions = await e2e.server.sessions('demo');
    const done = sessions.filter((s) => s.completedAt !== null).length;
    if (sessions.length === count && done === completed) return;
    if (Date.now() > deadline) throw new Error(`sessions: ${sessions.length} (${done} completed), expected ${count} (${completed})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('the analytics page against the real server', () => {
  it("shows the demo's real sessions: starts, completions, drop-off and choices, as the API counts them", async () => {
    const admin = (path: string, init: RequestInit = {}) =>
      fetch(`${e2e.server.url}/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${e2e.server.adminKey}`, 'content-type': 'application/json' } });
    expect((await admin('/auth/bootstrap', { method: 'POST', body: JSON.stringify({ workspaceName: 'Acme', name: 'Ada', ...ADMIN }) })).status).toBe(201);

    // One viewer goes all the way; another leaves at the team-size question.
    const first = await newViewer();
    const widget = first.locator('#reelback-inline');
    await widget.getByRole('button', { name: "I'm choosing a tool for my team" }).click();
    await widget.getByRole('button', { name: '11 to 50 people' }).click();
    await widget.getByRole('button', { name: 'Type your answer' }).click();
    await widget.getByLabel('Your answer').fill('Cards get lost');
    await widget.getByRole('button', { name: 'Send' }).click();
    await widget.getByRole('link', { name: 'See pricing' }).or(widget.getByRole('button', { name: 'See pricing' })).click();
    await expect.poll(() => widget.getByRole('heading', { name: 'Thank you!' }).count()).toBe(1);
    await first.close();
    const second = await newViewer();
    await second.locator('#reelback-inline').getByRole('button', { name: "I'm choosing a tool for my team" }).click();
    await expect.poll(() => second.locator('#reelback-inline').getByRole('heading', { name: 'Great — how big is your team?' }).count()).toBe(1);
    await second.close();
    await waitForSessions(2, 1);

    const api = (await (await admin('/flows/demo/analytics')).json()) as FlowAnalytics;
    expect(api.summary).toMatchObject({ starts: 2, completions: 1, completionRate: 0.5 });
    const teamSize = api.steps.find((s) => s.stepId === 'team-size')!;
    expect(teamSize).toMatchObject({ reached: 2, answered: 1, dropped: 1 });

    const page = await e2e.browser.newPage();
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(`${e2e.server.url}/app/login`);
    await page.getByLabel('E-mail').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Answers' }).waitFor();
    await page.getByRole('link', { name: 'Analytics' }).first().click();
    await page.waitForURL('**/app/analytics**');
    const tile = (key: string) => page.locator(`[data-tile="${key}"] dd`).first();
    await expect.poll(() => tile('starts').textContent(), { timeout: 20_000 }).toBe(String(api.summary.starts));
    expect(await tile('completions').textContent()).toBe(String(api.summary.completions));
    expect(await tile('impressions').textContent()).toBe(String(api.summary.impressions));
    expect(await tile('completion-rate').textContent()).toMatch(/^50(\.0)?\s?%$/);

    // The funnel's table says the same as the API for the step where one viewer left.
    for (const summary of await page.locator('details.numbers summary').all()) await summary.click();
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(teamSize.title) }) }).first();
    const cells = (await row.getByRole('cell').allTextContents()).map((t) => t.trim());
    expect(cells.slice(0, 3)).toEqual(['2', '1', '1']);
    // Both viewers chose the same first answer.
    const welcome = api.choices.find((c) => c.stepId === 'welcome')!;
    const chosen = welcome.options.find((o) => o.count > 0)!;
    expect(chosen).toMatchObject({ label: "I'm choosing a tool for my team", count: 2 });
    const choiceRow = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: chosen.label }) }).first();
    expect((await choiceRow.getByRole('cell').first().textContent())?.trim()).toBe('2');

    await page.evaluate(await readFile(axePath, 'utf8'));
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (d: Document, o: object) => Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe;
      return (await axe.run(document, { resultTypes: ['violations'] })).violations.map((v) => `${v.id} (${v.nodes.length})`);
    });
    expect(violations).toEqual([]);
    await page.close();
  }, 120_000);
});
