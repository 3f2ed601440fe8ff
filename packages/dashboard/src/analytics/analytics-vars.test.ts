import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { violations } from '../test-support/axe.js';
import { ANALYTICS_FLOWS, VARS_FLOW } from '../test-support/analytics-fixtures.js';
import { FakeAnalytics } from '../test-support/fake-analytics.js';
import { startWorker } from '../test-support/fake-api.js';
import { deep, mountApp, unmountApp } from '../test-support/mount.js';

let api: FakeAnalytics;

beforeAll(async () => {
  await startWorker();
});
beforeEach(() => {
  api = new FakeAnalytics();
  api.flows = [VARS_FLOW, ANALYTICS_FLOWS[1]!];
  api.install();
});
afterEach(() => {
  unmountApp();
});

const RANGE = 'range=custom&from=2026-03-28&to=2026-03-30';
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const rows = (table: Element | null | undefined) => [...(table?.querySelectorAll('tbody tr') ?? [])].map((tr) => [...tr.children].map(text));
const split = (app: Element) => deep(app, 'rb-analytics', 'rb-analytics-page', 'rb-variable-split')?.shadowRoot;
const splitQueries = () => api.requests.filter((r) => r.path.includes('/analytics/variables/')).map((r) => `${r.path.split('/').at(-1)}?${r.params}`);

async function open(search: string) {
  const app = mountApp(`/app/analytics?${search}`);
  await expect.poll(() => deep(app, 'rb-analytics', 'rb-analytics-page')?.shadowRoot?.querySelectorAll('.column dl.tiles').length ?? 0).toBe(1);
  return app;
}

describe('analytics page: session variables', () => {
  it('segments by a variable kept in the address and splits by another, as a table and bars', async () => {
    const app = await open(`flow=demo&${RANGE}&var.team=red&by=plan`);
    expect(api.metricQueries()).toEqual(['from=2026-03-28&to=2026-03-31&var.team=red']);
    await expect.poll(() => split(app)?.querySelector('table') ?? null).not.toBeNull();
    // The split covers the same sessions as the figures: same range and segments.
    expect(splitQueries()).toEqual(['plan?from=2026-03-28&to=2026-03-31&var.team=red']);
    const root = split(app)!;
    expect(text(root.querySelector('h2'))).toBe('By variable');
    expect(text(root.querySelector('caption'))).toBe('Sessions by plan');
    expect(rows(root.querySelector('table'))).toEqual([
      ['pro', '5', '4', '3', '75%'],
      // Viewer-supplied text stays text.
      ['<b>free</b>', '2', '2', '0', '0%'],
      ['(not passed)', '1', '1', '0', '0%'],
      ['Other values (3)', '3', '2', '1', '50%'],
    ]);
    expect(root.querySelector('b')).toBeNull();
    expect(root.querySelector('svg[role="img"]')!.getAttribute('aria-label')).toContain('pro 5, completion rate 75%');
    const form = deep(app, 'rb-analytics', 'rb-analytics-page')!.shadowRoot!;
    expect((form.querySelector('select[name="varName"]') as HTMLSelectElement).value).toBe('team');
    expect((form.querySelector('input[name="varValue"]') as HTMLInputElement).value).toBe('red');
  });

  it('sets the variable segment and the split from the controls, and keeps both in the address', async () => {
    const app = await open(`flow=demo&${RANGE}`);
    await userEvent.selectOptions(page.getByRole('combobox', { name: 'Variable', exact: true }), 'plan');
    await userEvent.fill(page.getByRole('textbox', { name: 'Variable value' }), 'pro plan');
    await userEvent.click(page.getByRole('button', { name: 'Apply' }));
    await expect.poll(() => location.search).toBe(`?flow=demo&${RANGE}&var.plan=pro+plan`);
    await expect.poll(() => api.metricQueries().at(-1)).toBe('from=2026-03-28&to=2026-03-31&var.plan=pro+plan');

    await userEvent.selectOptions(page.getByRole('combobox', { name: 'Split by' }), 'team');
    await expect.poll(() => location.search).toBe(`?flow=demo&${RANGE}&var.plan=pro+plan&by=team`);
    await expect.poll(() => splitQueries().at(-1)).toBe('team?from=2026-03-28&to=2026-03-31&var.plan=pro+plan');
    await expect.poll(() => rows(split(app)?.querySelector('table')).length).toBe(4);

    await userEvent.click(page.getByRole('button', { name: 'Clear segment' }));
    await expect.poll(() => location.search).toBe(`?flow=demo&${RANGE}&by=team`);
    for (const details of split(app)!.querySelectorAll('details')) details.open = true;
    expect(await violations()).toEqual([]);
  });

  it('says so when the flow declares no variables, and shows an error the split answers', async () => {
    const app = await open(`flow=survey&${RANGE}`);
    await expect.poll(() => text(split(app)?.querySelector('p'))).toContain('declares no variables');
    expect(deep(app, 'rb-analytics', 'rb-analytics-page')!.shadowRoot!.querySelector('select[name="varName"]')).toBeNull();
    unmountApp();

    api.split = () => undefined;
    const broken = await open(`flow=demo&${RANGE}&by=plan`);
    await expect.poll(() => text(split(broken)?.querySelector('[role="alert"]'))).toBe('No such flow or version.');
    expect(await violations()).toEqual([]);
  });
});
