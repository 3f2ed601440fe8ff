import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { http, HttpResponse } from 'msw';
import type { FlowDefinition, FlowSummary, PublishedFlow } from '@reelback/shared';
import readme from '../../../../README.md?raw';
import { violations } from '../test-support/axe.js';
import { FakeApi, flowsListed, startWorker, worker } from '../test-support/fake-api.js';
import { deep, deepAll, mountApp, unmountApp } from '../test-support/mount.js';

const definition: FlowDefinition = {
  name: 'Welcome tour',
  steps: [
    {
      id: 'start',
      prompt: { title: 'Pick a path', text: 'Which way?' },
      answer: { type: 'choice', options: [{ id: 'a', label: 'Path A', next: 'end' }], multiple: false } as FlowDefinition['steps'][number]['answer'],
    },
    { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
} as FlowDefinition;

const published: FlowSummary = {
  id: 'welcome',
  name: 'Welcome tour',
  draft: definition,
  latestVersion: 2,
  createdAt: '2025-05-01T09:00:00.000Z',
  updatedAt: '2025-05-02T09:00:00.000Z',
  problems: [],
};
const draftOnly: FlowSummary = {
  id: 'pricing-survey',
  name: 'Pricing survey',
  draft: { name: 'Pricing survey', steps: [{ id: 'ask', prompt: { title: 'Price?' }, answer: { type: 'end' } }] } as FlowDefinition,
  latestVersion: null,
  createdAt: '2025-05-01T09:00:00.000Z',
  updatedAt: '2025-05-02T09:00:00.000Z',
  problems: [{ code: 'unknown-target', path: ['steps', 0, 'next'], message: 'Step "ask" goes to "nowhere", which does not exist.' }],
};
const version: PublishedFlow = { flowId: 'welcome', version: 2, publishedAt: '2025-05-02T09:00:00.000Z', definition };

let api: FakeApi;
/** Every request the page made (through msw's worker), handled or not. */
let seen: string[] = [];
const onRequest = ({ request }: { request: Request }) => void seen.push(`${request.method} ${new URL(request.url).pathname}`);

beforeAll(async () => {
  await startWorker();
  worker.events.on('request:start', onRequest);
});
beforeEach(() => {
  seen = [];
  api = new FakeApi().install();
  api.signedIn = true;
  const flows = [published, draftOnly];
  worker.use(
    http.get('/api/v1/flows', ({ request }) => HttpResponse.json({ flows: flowsListed(flows, request) })),
    http.get('/api/v1/flows/:flowId', ({ params }) => {
      const flow = flows.find((f) => f.id === params.flowId);
      return flow ? HttpResponse.json(flow) : HttpResponse.json({ error: { code: 'not-found', message: 'No such flow.' } }, { status: 404 });
    }),
    http.get('/api/v1/flows/:flowId/versions/:version', ({ params }) =>
      params.flowId === 'welcome' && params.version === '2'
        ? HttpResponse.json(version)
        : HttpResponse.json({ error: { code: 'not-found', message: 'No such version.' } }, { status: 404 }),
    ),
  );
});
afterEach(() => {
  vi.restoreAllMocks();
  unmountApp();
});

const rowText = (app: Element) => deepAll(app, ['rb-flows'], '.row').map((r) => r.textContent!.replace(/\s+/g, ' ').trim());

async function openList() {
  const app = mountApp('/app/flows');
  await expect.element(page.getByText('2 flows')).toBeVisible();
  return app;
}

async function openFlow(id: string, heading: string) {
  const app = mountApp(`/app/flows/${id}`);
  await expect.element(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  return app;
}

/** The README's three embed snippets, for `demo` on https://feedback.example.com. */
function readmeSnippets(): string[] {
  const section = readme.slice(readme.indexOf('## Embed'));
  const block = /```html\n([\s\S]*?)```/.exec(section)![1]!;
  return block
    .split(/\n\s*\n/)
    .map((part) => part.split('\n').filter((line) => line && !line.startsWith('<!--')).join('\n'));
}

describe('flows list', () => {
  it('lists the flows with id, published version or "not published", and draft problems', async () => {
    const app = await openList();
    expect(rowText(app)).toEqual(['Welcome tour welcome version 2 draft: no problems', 'Pricing survey pricing-survey not published draft: 1 problem']);
    const nav = deep(app, 'nav')!;
    expect([...nav.querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('aria-current')])).toEqual([
      ['Answers', 'false'],
      ['Flows', 'page'],
      ['Analytics', 'false'],
      ['Settings', 'false'],
    ]);
    expect(seen).toContain('GET /api/v1/flows');
  });

  it('moves with j/k and opens with Enter', async () => {
    const app = await openList();
    (document.activeElement as HTMLElement | null)?.blur();
    const active = () => deep(app, 'rb-flows')!.shadowRoot!.activeElement?.getAttribute('data-id');
    await userEvent.keyboard('j');
    expect(active()).toBe('pricing-survey');
    await userEvent.keyboard('k');
    expect(active()).toBe('welcome');
    await userEvent.keyboard('jj');
    expect(active()).toBe('pricing-survey');
    await userEvent.keyboard('{Enter}');
    await expect.element(page.getByRole('heading', { level: 1, name: 'Pricing survey' })).toBeVisible();
    expect(location.pathname).toBe('/app/flows/pricing-survey');
    expect(deep(app, 'nav a[href="/app/flows"]')!.getAttribute('aria-current')).toBe('true');
  });

  it('is reached from the navigation and opens a flow with a click', async () => {
    const app = mountApp('/app/');
    await page.getByRole('link', { name: 'Flows' }).click();
    await expect.element(page.getByText('2 flows')).toBeVisible();
    expect(location.pathname).toBe('/app/flows');
    // Focus moves to the new page's heading.
    await expect.poll(() => deep(app, 'rb-flows')!.shadowRoot!.activeElement?.localName).toBe('h1');
    await page.getByRole('link', { name: /^Welcome tour/ }).click();
    await expect.element(page.getByRole('heading', { level: 1, name: 'Welcome tour' })).toBeVisible();
    expect(location.pathname).toBe('/app/flows/welcome');
  });

  it('has no axe violations', async () => {
    await openList();
    await userEvent.keyboard('j');
    expect(await violations()).toEqual([]);
  });
});

describe('flow page', () => {
  const codes = (app: Element) => deepAll(app, ['rb-flow'], 'pre').map((p) => p.textContent);

  it("shows the README's three embed snippets with this origin and the flow's id, then the share link", async () => {
    const app = await openFlow('welcome', 'Welcome tour');
    const expected = readmeSnippets().map((s) => s.replaceAll('https://feedback.example.com', location.origin).replaceAll('"demo"', '"welcome"'));
    expect(expected).toHaveLength(3);
    expect(codes(app).slice(0, 3)).toEqual(expected);
    expect(codes(app)[2]).toBe(`<script async src="${location.origin}/embed.js" data-flow="welcome" data-mode="inline"></script>`);
    // Then the Share section: the share link page the server serves at /f/:flowId.
    expect(codes(app).slice(3)).toEqual([`${location.origin}/f/welcome`]);
  });

  it('copies a snippet to the clipboard and announces "Copied"', async () => {
    const app = await openFlow('welcome', 'Welcome tour');
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    const buttons = deepAll<HTMLButtonElement>(app, ['rb-flow'], 'button');
    expect(buttons.map((b) => b.textContent!.trim())).toEqual(['Copy', 'Copy', 'Copy', 'Copy']);
    await userEvent.click(buttons[1]!);
    expect(writeText).toHaveBeenCalledWith(codes(app)[1]);
    const statuses = deepAll(app, ['rb-flow'], '.copied');
    await expect.poll(() => statuses[1]!.textContent).toBe('Copied');
    expect(statuses[1]!.getAttribute('role')).toBe('status');
    expect(statuses[0]!.textContent).toBe('');
  });

  it('selects the snippet when the Clipboard API is refused', async () => {
    const app = await openFlow('welcome', 'Welcome tour');
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new DOMException('Write permission denied.', 'NotAllowedError'));
    await userEvent.click(deepAll<HTMLButtonElement>(app, ['rb-flow'], 'button')[2]!);
    const status = deepAll(app, ['rb-flow'], '.copied')[2]!;
    await expect.poll(() => status.textContent).toMatch(/refused.*selected.*Ctrl\+C/);
    const pre = deepAll(app, ['rb-flow'], 'pre')[2]!;
    const selection = getSelection()!;
    expect(selection.rangeCount).toBe(1);
    expect(pre.contains(selection.getRangeAt(0).commonAncestorContainer) || selection.getRangeAt(0).commonAncestorContainer === pre).toBe(true);
    expect(selection.toString()).toBe(codes(app)[2]);
  });

  it('previews the published version in the real widget, sending nothing', async () => {
    const app = await openFlow('welcome', 'Welcome tour');
    await expect.element(page.getByRole('group', { name: 'Preview' }).getByText('Pick a path')).toBeVisible();
    const player = deep(app, 'rb-flow', '.preview reelback-flow') as (HTMLElement & { flow: unknown }) | null;
    expect(player).not.toBeNull();
    expect(player!.flow).toEqual({ flowId: 'welcome', version: 2, definition });
    // The widget came from the server at run time, not from the dashboard's bundle.
    // (A module loads once per page: an earlier test may have fetched it, so ask the resource timings.)
    const loaded = performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname);
    expect(loaded).toContain('/widget/reelback-flow.js');
    expect(seen).toContain('GET /api/v1/flows/welcome/versions/2');
    // Play a step: still nothing goes to the sessions or events API.
    await page.getByRole('button', { name: 'Path A' }).click();
    await expect.element(page.getByRole('heading', { name: 'Thanks' })).toBeVisible();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen.filter((r) => /\/api\/v1\/(sessions|events)/.test(r))).toEqual([]);
  });

  it('says a flow is not published and shows the draft problems instead of a preview', async () => {
    const app = await openFlow('pricing-survey', 'Pricing survey');
    await expect.element(page.getByText('Not published.')).toBeVisible();
    await expect.element(page.getByText('Step "ask" goes to "nowhere", which does not exist.')).toBeVisible();
    expect(deep(app, 'rb-flow', 'reelback-flow')).toBeNull();
    expect(seen.some((r) => r.includes('/widget/'))).toBe(false);
    expect(seen.some((r) => r.includes('/versions/'))).toBe(false);
  });

  it('has no axe violations (with the widget playing)', async () => {
    await openFlow('welcome', 'Welcome tour');
    await expect.element(page.getByText('Pick a path')).toBeVisible();
    expect(await violations()).toEqual([]);
  });

  it('has no axe violations when not published', async () => {
    await openFlow('pricing-survey', 'Pricing survey');
    await expect.element(page.getByText('Not published.')).toBeVisible();
    expect(await violations()).toEqual([]);
  });
});
