import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { violations } from '../test-support/axe.js';
import { FakeApi, startWorker } from '../test-support/fake-api.js';
import { CLIP_ID, FAILED_CLIP_ID, inboxData, XSS } from '../test-support/fixtures.js';
import { deep, deepAll, mountApp, unmountApp } from '../test-support/mount.js';

let api: FakeApi;

beforeAll(() => startWorker());
beforeEach(() => {
  api = new FakeApi().install();
  api.signedIn = true;
  const data = inboxData();
  api.sessions = data.sessions;
  for (const c of data.clips) api.clips.set(c.id, c);
  for (const t of data.transcripts) api.transcripts.set(t.clipId, t);
});
afterEach(unmountApp);

const rows = (app: Element) => deepAll(app, ['rb-inbox'], '.row');
const rowText = (app: Element) => rows(app).map((r) => r.textContent!.replace(/\s+/g, ' ').trim());

async function openInbox() {
  const app = mountApp('/app/');
  await expect.element(page.getByText('4 answers')).toBeVisible();
  return app;
}

describe('inbox', () => {
  it("lists the sessions' answers newest first with flow, step, kind, status and time", async () => {
    const app = await openInbox();
    const texts = rowText(app);
    expect(texts).toHaveLength(4);
    expect(texts[0]).toMatch(/^Video Video answer demo · step wish Video rejected 0:05 The recording has no picture or sound\. May 1, 2025/);
    expect(texts[1]).toMatch(/^Video answer demo · step wish Video ready 0:05/);
    expect(texts[2]).toMatch(/^Choice pricing demo · step welcome Choice received/);
    expect(texts[3]).toContain(XSS);
    expect(deepAll<HTMLTimeElement>(app, ['rb-inbox'], 'time').map((t) => t.dateTime)).toEqual([
      '2025-05-01T11:00:00.000Z',
      '2025-05-01T10:00:00.000Z',
      '2025-05-01T09:59:00.000Z',
      '2025-05-01T09:00:00.000Z',
    ]);
    // The ready video shows its poster; clips were fetched only for the sessions that have recorded answers.
    expect(deep<HTMLImageElement>(app, 'rb-inbox', 'img.thumb')!.getAttribute('src')).toBe(`/api/v1/clips/${CLIP_ID}/media/poster`);
    expect(api.requests.filter((r) => r.url.endsWith('/clips'))).toHaveLength(2);
    expect(api.requests.find((r) => r.url.includes('/api/v1/sessions?'))!.url).toMatch(/limit=50/);
  });

  it('renders a text answer made of HTML as text', async () => {
    const app = await openInbox();
    const inbox = deep(app, 'rb-inbox')!;
    expect(inbox.shadowRoot!.querySelector('img[src=x]')).toBeNull();
    expect(document.querySelector('img[src=x]')).toBeNull();
    const summary = [...inbox.shadowRoot!.querySelectorAll('.summary')].find((s) => s.textContent === XSS);
    expect(summary).toBeDefined();
  });

  it('moves with j/k, opens with Enter, and filters with /', async () => {
    const app = await openInbox();
    (document.activeElement as HTMLElement | null)?.blur();
    await userEvent.keyboard('j');
    // From nothing focused, j goes to the second row (the first is current already).
    const active = () => {
      const element = deep(app, 'rb-inbox')!.shadowRoot!.activeElement as HTMLElement | null;
      return element && { textContent: element.textContent!.replace(/\s+/g, ' '), getAttribute: (name: string) => element.getAttribute(name) };
    };
    expect(active()?.textContent).toContain('Video ready');
    await userEvent.keyboard('k');
    expect(active()?.textContent).toContain('rejected');
    await userEvent.keyboard('jjjj');
    expect(active()?.textContent).toContain(XSS); // stops at the last row
    await userEvent.keyboard('kk');
    expect(active()?.textContent).toContain('Video ready');
    expect(rows(app).filter((r) => r.tabIndex === 0)).toHaveLength(1);

    await userEvent.keyboard('{Enter}');
    await expect.element(page.getByRole('heading', { name: 'Video answer to “wish”' })).toBeVisible();
    expect(location.pathname).toBe(`/app/answers/${CLIP_ID}`);

    history.back();
    await expect.element(page.getByText('4 answers')).toBeVisible();
    await userEvent.keyboard('/');
    const filter = deep<HTMLInputElement>(app, 'rb-inbox', '#filter')!;
    expect(deep(app, 'rb-inbox')!.shadowRoot!.activeElement).toBe(filter);
    await userEvent.keyboard('rejected');
    await expect.element(page.getByText('1 of 4 answers match “rejected”')).toBeVisible();
    expect(rowText(app)[0]).toContain('rejected');
    await userEvent.keyboard('{Escape}');
    expect(active()?.getAttribute('href')).toBe(`/app/answers/${FAILED_CLIP_ID}`);
    // j and k typed into the filter are text, not moves.
    await userEvent.keyboard('/');
    await userEvent.keyboard('{Backspace}jk');
    expect(filter.value).toBe('jk');
  });

  it('opens an answer with a click', async () => {
    await openInbox();
    await page.getByRole('link', { name: /Video ready/ }).click();
    await expect.element(page.getByRole('heading', { name: 'Video answer to “wish”' })).toBeVisible();
  });

  it('has no axe violations', async () => {
    const app = await openInbox();
    await userEvent.keyboard('j');
    expect(rows(app)).toHaveLength(4);
    expect(await violations()).toEqual([]);
  });

  it('goes to the login page when the session has expired', async () => {
    api.signedIn = true;
    const app = mountApp('/app/');
    await expect.element(page.getByRole('heading', { name: 'Answers' })).toBeVisible();
    expect(app).toBeTruthy();
    // /me said yes, then the session expired before the list came.
    api.signedIn = false;
    const inbox = deep(app, 'rb-inbox') as HTMLElement & { load(c: string | null): Promise<void> };
    await inbox.load(null);
    await expect.element(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
    expect(location.search).toBe(`?next=${encodeURIComponent('/app/')}`);
  });
});
