import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { violations } from '../test-support/axe.js';
import { http, HttpResponse } from 'msw';
import { ANALYTICS_FLOWS, emptyAnalytics } from '../test-support/analytics-fixtures.js';
import { FakeAnalytics } from '../test-support/fake-analytics.js';
import { startWorker, worker } from '../test-support/fake-api.js';
import { deep, mountApp, unmountApp } from '../test-support/mount.js';
import { dayOf } from './analytics-query.js';

let api: FakeAnalytics;

beforeAll(async () => {
  await startWorker();
});
beforeEach(() => {
  api = new FakeAnalytics().install();
});
afterEach(async () => {
  unmountApp();
  await page.viewport(414, 896);
});

const RANGE = 'range=custom&from=2026-03-28&to=2026-03-30';

function pageOf(app: Element): ShadowRoot {
  return deep(app, 'rb-analytics', 'rb-analytics-page')!.shadowRoot!;
}

/** Mounts the page at `search` and waits until every column has its figures. */
async function open(search: string, columns = 1) {
  const app = mountApp(`/app/analytics?${search}`);
  await expect.poll(() => deep(app, 'rb-analytics', 'rb-analytics-page')?.shadowRoot?.querySelectorAll('.column dl.tiles').length ?? 0).toBe(columns);
  return app;
}

const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const columns = (app: Element) => [...pageOf(app).querySelectorAll('section.column')];
const tiles = (column: Element) => Object.fromEntries([...column.querySelectorAll('[data-tile]')].map((t) => [t.getAttribute('data-tile'), text(t.querySelector('dd'))]));
/** A table's body rows as cell texts (header cell first). */
const rows = (table: Element | null) => [...(table?.querySelectorAll('tbody tr') ?? [])].map((tr) => [...tr.children].map(text));
const heads = (table: Element | null) => [...(table?.querySelectorAll('thead th') ?? [])].map(text);

describe('analytics page', () => {
  it("shows the fixture's figures: tiles, funnel, choices, NPS, rating, answers by kind and the time series", async () => {
    const app = await open(`flow=demo&${RANGE}`);
    // Custom days go out as dates; the last day shown is included, so `to` is the day after.
    expect(api.metricQueries()).toEqual(['from=2026-03-28&to=2026-03-31']);
    expect(api.requests.find((r) => r.path.endsWith('/timeseries'))!.params.toString()).toBe('from=2026-03-28&to=2026-03-31&interval=day');
    const [column] = columns(app);
    expect(text(column!.querySelector('h2'))).toBe('All versions');
    expect(text(column!.querySelector('.scope'))).toBe('Mar 28, 2026 – Mar 30, 2026 (Europe/Berlin)');
    expect(tiles(column!)).toEqual({ impressions: '8', starts: '7', completions: '3', 'completion-rate': '42.9%' });

    const funnel = column!.querySelector('section.funnel table');
    expect(text(funnel!.querySelector('caption'))).toBe('Funnel: sessions per step (All versions)');
    expect(heads(funnel)).toEqual(['Step', 'Reached', 'Answered', 'Dropped there', 'Drop-off', 'Median time on step', 'Video 25 %', 'Video 50 %', 'Video 75 %', 'Video 100 %']);
    expect(rows(funnel)).toEqual([
      ['Want a demo now?', '7', '6', '1', '14.3%', '11 s', '3', '2', '2', '1'],
      ['Rate the demo', '3', '2', '1', '33.3%', '4 s', '0', '0', '0', '0'],
      ['Recommend us?', '4', '4', '0', '0%', '6.5 s', '0', '0', '0', '0'],
      ['Anything else?', '5', '3', '2', '40%', '20 s', '0', '0', '0', '0'],
      ['Thanks', '3', '0', '0', '0%', '—', '0', '0', '0', '0'],
    ]);
    expect(funnel!.querySelectorAll('th[scope="row"]')).toHaveLength(5);
    // The chart prints the same figures on its bars and says them in its label.
    const funnelChart = column!.querySelector('section.funnel svg[role="img"]')!;
    expect([...funnelChart.querySelectorAll('text.value')].map(text)[0]).toBe('7 reached · 1 dropped (14.3%)');
    expect(funnelChart.getAttribute('aria-label')).toContain('Want a demo now?, 7 reached, 1 dropped there');

    const choice = column!.querySelector('section.choice[data-step="intro"]')!;
    expect(text(choice.querySelector('h3'))).toBe('Choices: Want a demo now?');
    expect(rows(choice.querySelector('table'))).toEqual([
      ['Yes please!', '3', '50%'],
      ['No thanks', '2', '33.3%'],
      ['Maybe', '1', '16.7%'],
    ]);
    expect([...choice.querySelectorAll('svg text.value')].map(text)).toEqual(['3 (50%)', '2 (33.3%)', '1 (16.7%)']);

    const nps = column!.querySelector('section.nps')!;
    expect(text(nps.querySelector('.headline'))).toBe('NPS 25 · 2 promoters, 1 passive, 1 detractor of 4 answers');
    const npsRows = rows(nps.querySelector('table'));
    expect(npsRows).toHaveLength(11);
    expect(npsRows.filter(([, count]) => count === '1')).toEqual([
      ['6', '1', 'detractor'],
      ['8', '1', 'passive'],
      ['9', '1', 'promoter'],
      ['10', '1', 'promoter'],
    ]);
    // Groups are told apart by fill pattern, not only colour: hatched detractors, dotted passives.
    expect(nps.querySelectorAll('svg rect.patterned[fill^="url(#"]')).toHaveLength(9);

    const rating = column!.querySelector('section.rating')!;
    expect(text(rating.querySelector('.headline'))).toBe('Average 3 of 5 · 2 answers');
    expect(rows(rating.querySelector('table'))).toEqual([['1', '0'], ['2', '1'], ['3', '0'], ['4', '1'], ['5', '0']]);

    expect(rows(column!.querySelector('section.kinds table'))).toEqual([['text', '3'], ['rating', '2'], ['nps', '4'], ['contact', '0'], ['video', '0'], ['audio', '0']]);

    const series = column!.querySelector('section.series')!;
    expect(text(series.querySelector('h3'))).toBe('Starts and completions per day');
    expect(heads(series.querySelector('table'))).toEqual(['Day', 'Starts', 'Completions']);
    expect(rows(series.querySelector('table'))).toEqual([
      ['2026-03-28', '1', '1'],
      ['2026-03-29', '4', '0'],
      ['2026-03-30', '2', '2'],
    ]);
    // Two lines told apart by dash style (and marker shape), named in the legend.
    expect(series.querySelectorAll('polyline.series.solid')).toHaveLength(1);
    expect(series.querySelectorAll('polyline.series.dashed')).toHaveLength(1);
    expect(series.querySelector('svg')!.getAttribute('aria-label')).toContain('7 starts, 3 completions');
  });

  it('opens "Show numbers" with the keyboard', async () => {
    const app = await open(`flow=demo&${RANGE}`);
    const summary = pageOf(app).querySelector<HTMLElement>('section.funnel details summary')!;
    summary.focus();
    await userEvent.keyboard('{Enter}');
    await expect.element(page.getByRole('table', { name: 'Funnel: sessions per step' })).toBeVisible();
    expect(summary.parentElement!.hasAttribute('open')).toBe(true);
  });

  it('puts every filter into the request and the address', async () => {
    const app = await open(`flow=demo&${RANGE}`);
    await userEvent.selectOptions(page.getByRole('combobox', { name: 'Version' }), 'Version 1');
    await expect.poll(() => api.metricQueries().at(-1)).toBe('version=1&from=2026-03-28&to=2026-03-31');
    expect(location.search).toBe(`?flow=demo&${RANGE}&version=1`);
    await expect.poll(() => tiles(columns(app)[0]!).impressions).toBe('5');
    expect(text(columns(app)[0]!.querySelector('h2'))).toBe('Version 1');

    await userEvent.selectOptions(page.getByRole('combobox', { name: 'Device' }), 'mobile');
    await expect.poll(() => api.metricQueries().at(-1)).toBe('version=1&from=2026-03-28&to=2026-03-31&device=mobile');
    await userEvent.selectOptions(page.getByRole('combobox', { name: 'Embed mode' }), 'bubble');
    await userEvent.fill(page.getByRole('textbox', { name: 'Referrer host' }), 'news.example.com');
    await userEvent.fill(page.getByRole('textbox', { name: 'UTM source' }), 'newsletter');
    await userEvent.fill(page.getByRole('textbox', { name: 'UTM campaign' }), 'spring sale');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect
      .poll(() => Object.fromEntries(new URLSearchParams(api.metricQueries().at(-1))))
      .toEqual({ version: '1', from: '2026-03-28', to: '2026-03-31', device: 'mobile', embedMode: 'bubble', referrer: 'news.example.com', utmSource: 'newsletter', utmCampaign: 'spring sale' });
    expect(location.search).toBe(`?flow=demo&${RANGE}&version=1&device=mobile&referrer=news.example.com&utmSource=newsletter&utmCampaign=spring+sale&embedMode=bubble`);

    await page.getByRole('button', { name: 'Clear segment' }).click();
    await expect.poll(() => api.metricQueries().at(-1)).toBe('version=1&from=2026-03-28&to=2026-03-31');

    // A preset: today and the six days before, up to now (no `to`).
    await userEvent.selectOptions(page.getByRole('combobox', { name: 'Date range' }), 'Last 7 days');
    const now = new Date();
    const from = dayOf(new Date(now.getFullYear(), now.getMonth(), now.getDate() - 6));
    await expect.poll(() => api.metricQueries().at(-1)).toBe(`version=1&from=${from}`);
    expect(location.search).toBe('?flow=demo&range=7d&version=1');

    await userEvent.selectOptions(page.getByRole('combobox', { name: 'Time series' }), 'Per hour');
    await expect.poll(() => api.requests.filter((r) => r.path.endsWith('/timeseries')).at(-1)!.params.get('interval')).toBe('hour');
    expect(location.search).toBe('?flow=demo&range=7d&version=1&interval=hour');
    await expect.poll(() => heads(columns(app)[0]!.querySelector('section.series table'))).toEqual(['Hour', 'Starts', 'Completions']);
    expect(rows(columns(app)[0]!.querySelector('section.series table')).map(([label]) => label)).toEqual([
      '2026-03-29T00:00+01:00',
      '2026-03-29T01:00+01:00',
      '2026-03-29T03:00+02:00',
    ]);

    // Another flow starts from all its versions.
    await userEvent.selectOptions(page.getByRole('combobox', { name: 'Flow' }), 'Pricing survey');
    await expect.poll(() => api.requests.at(-1)!.path).toMatch(/^\/api\/v1\/flows\/survey\/analytics/);
    expect(location.search).toBe('?flow=survey&range=7d&interval=hour');
  });

  it('reads the view back from the address, and picks the first published flow when none is given', async () => {
    const app = await open('range=90d&device=tablet&utmMedium=email');
    expect(location.search).toBe('?flow=demo&range=90d&device=tablet&utmMedium=email');
    expect(new URLSearchParams(api.metricQueries()[0]).get('utmMedium')).toBe('email');
    expect(new URLSearchParams(api.metricQueries()[0]).get('device')).toBe('tablet');
    const form = pageOf(app).querySelector('form')!;
    expect(form.querySelector<HTMLSelectElement>('select[name="range"]')!.value).toBe('90');
    expect(form.querySelector<HTMLSelectElement>('select[name="device"]')!.value).toBe('tablet');
    expect(form.querySelector<HTMLInputElement>('input[name="utmMedium"]')!.value).toBe('email');
  });

  it('keeps archived flows reachable: listed as archived, never picked by default, their figures shown', async () => {
    const archived = { ...ANALYTICS_FLOWS[0]!, id: 'old-tour', name: 'Old tour', archivedAt: '2026-03-25T09:00:00.000Z' };
    api.flows = [archived, ...ANALYTICS_FLOWS];
    const app = await open(`flow=old-tour&${RANGE}`);
    const picker = pageOf(app).querySelector<HTMLSelectElement>('select[name="flow"]')!;
    expect([...picker.options].map((o) => o.textContent!.trim())).toEqual(['Demo tour', 'Pricing survey', 'Old tour (archived)']);
    expect(picker.value).toBe('old-tour');
    expect(api.requests.at(-1)!.path).toMatch(/^\/api\/v1\/flows\/old-tour\/analytics/);
    unmountApp();
    await open(RANGE);
    expect(new URLSearchParams(location.search).get('flow')).toBe('demo');
  });

  it('shows two versions side by side', async () => {
    await page.viewport(1280, 900);
    const app = await open(`flow=demo&${RANGE}&version=1&compare=2`, 2);
    expect(api.metricQueries().sort()).toEqual(['version=1&from=2026-03-28&to=2026-03-31', 'version=2&from=2026-03-28&to=2026-03-31']);
    const [left, right] = columns(app);
    expect([text(left!.querySelector('h2')), text(right!.querySelector('h2'))]).toEqual(['Version 1', 'Version 2']);
    expect(tiles(left!)).toEqual({ impressions: '5', starts: '5', completions: '2', 'completion-rate': '40%' });
    expect(tiles(right!)).toEqual({ impressions: '3', starts: '2', completions: '1', 'completion-rate': '50%' });
    expect(rows(left!.querySelector('section.choice table'))).toEqual([['Yes please', '3', '75%'], ['No thanks', '1', '25%']]);
    expect(rows(right!.querySelector('section.choice table'))).toEqual([['Yes please!', '0', '0%'], ['No thanks', '1', '50%'], ['Maybe', '1', '50%']]);
    expect(text(right!.querySelector('section.nps .headline'))).toBe('NPS 100 · 1 promoter, 0 passives, 0 detractors of 1 answer');
    expect(rows(right!.querySelector('section.series table'))).toEqual([['2026-03-28', '0', '0'], ['2026-03-29', '0', '0'], ['2026-03-30', '2', '1']]);
    // The two columns sit next to each other on a wide screen.
    expect(left!.getBoundingClientRect().top).toBe(right!.getBoundingClientRect().top);
    expect(right!.getBoundingClientRect().left).toBeGreaterThan(left!.getBoundingClientRect().right - 1);
    // Ids stay unique with two columns (NPS patterns, headings).
    const ids = [...pageOf(app).querySelectorAll('[id]')].map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(await violations()).toEqual([]);
    // And with every table shown.
    for (const details of pageOf(app).querySelectorAll('details')) details.open = true;
    expect(await violations()).toEqual([]);

    await userEvent.selectOptions(page.getByRole('combobox', { name: 'Compare with' }), 'Nothing');
    await expect.poll(() => columns(app).length).toBe(1);
    expect(location.search).toBe(`?flow=demo&${RANGE}&version=1`);
  });

  it("shows a 400 with the server's message, and an empty range as such", async () => {
    api.badRequest = { message: 'query is invalid', issues: [{ path: ['to'], message: 'must be after from' }] };
    const app = mountApp(`/app/analytics?flow=demo&${RANGE}`);
    await expect.element(page.getByRole('alert')).toHaveTextContent('query is invalid — to: must be after from');
    api.badRequest = null;
    api.metrics.set('all', emptyAnalytics());
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect.element(page.getByText('No sessions match these filters in this range.')).toBeVisible();
    expect(tiles(columns(app)[0]!)).toEqual({ impressions: '0', starts: '0', completions: '0', 'completion-rate': '—' });
    expect(await violations()).toEqual([]);
  });

  it('is reached from the navigation and the flow page, with its controls in keyboard order, and passes axe', async () => {
    // The flow page (its preview left out: not published there).
    worker.use(http.get('/api/v1/flows/:flowId', () => HttpResponse.json({ ...ANALYTICS_FLOWS[0]!, latestVersion: null })));
    const app = mountApp('/app/flows/demo');
    await expect.element(page.getByRole('heading', { level: 1, name: 'Demo tour' })).toBeVisible();
    await page.getByRole('link', { name: 'Analytics' }).last().click();
    await expect.element(page.getByRole('heading', { level: 1, name: 'Analytics' })).toBeVisible();
    expect(location.pathname + location.search).toBe('/app/analytics?flow=demo');
    expect(document.title).toBe('Analytics · Reelback');
    expect(deep(app, 'nav a[href="/app/analytics"]')!.getAttribute('aria-current')).toBe('page');
    await expect.poll(() => pageOf(app).querySelectorAll('dl.tiles').length).toBe(1);

    // Tab walks through every control of the filter bar, then into the figures' disclosures.
    const controls = [...pageOf(app).querySelectorAll<HTMLElement>('form select, form input, form button')];
    controls[0]!.focus();
    const reached: string[] = [];
    for (let i = 0; i < controls.length; i++) {
      reached.push(pageOf(app).activeElement?.getAttribute('name') ?? text(pageOf(app).activeElement));
      await userEvent.keyboard('{Tab}');
    }
    expect(reached).toEqual(['flow', 'range', 'version', 'compare', 'interval', 'device', 'embedMode', 'referrer', 'utmSource', 'utmMedium', 'utmCampaign', 'Apply']);
    expect(pageOf(app).activeElement?.tagName).toBe('SUMMARY');
    expect(await violations()).toEqual([]);

    // Following a link to another view of this page shows that view (not the one on screen).
    await userEvent.selectOptions(page.getByRole('combobox', { name: 'Version' }), 'Version 2');
    await expect.poll(() => api.metricQueries().at(-1)).toMatch(/^version=2&/);
    await page.getByRole('link', { name: 'Analytics' }).first().click();
    await expect.poll(() => api.metricQueries().at(-1)).not.toMatch(/version=/);
    expect(location.search).toBe('?flow=demo');
    expect(pageOf(app).querySelector<HTMLSelectElement>('select[name="version"]')!.value).toBe('');
  });
});
