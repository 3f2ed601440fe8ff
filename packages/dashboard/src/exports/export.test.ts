import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import { violations } from '../test-support/axe.js';
import { FakeAnalytics } from '../test-support/fake-analytics.js';
import { FakeApi, startWorker } from '../test-support/fake-api.js';
import { csvBody, FakeExports, ndjsonBody } from '../test-support/fake-exports.js';
import { FakeInbox, inboxItem } from '../test-support/fake-inbox.js';
import { deep, mountApp, unmountApp } from '../test-support/mount.js';
import { dispositionFilename } from './export-download.js';

interface Saved {
  filename: string;
  href: string;
  text: Promise<string>;
  type: string;
}

let exports: FakeExports;
let saved: Saved[];
let blobs: Map<string, Blob>;

beforeAll(() => startWorker());
beforeEach(() => {
  saved = [];
  blobs = new Map();
  // The download itself: the object URL made of the file and the <a download> clicked with it.
  let n = 0;
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    const url = `blob:test/${++n}`;
    blobs.set(url, blob as Blob);
    return url;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    const blob = blobs.get(this.href);
    if (blob) saved.push({ filename: this.download, href: this.href, text: blob.text(), type: blob.type });
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  unmountApp();
});

const exportRoot = (app: Element, ...hosts: string[]) => deep(app, ...hosts, 'rb-export')?.shadowRoot ?? null;
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('export from the inbox', () => {
  let inbox: FakeInbox;

  beforeEach(() => {
    const api = new FakeApi().install();
    api.signedIn = true;
    inbox = new FakeInbox(api).install();
    inbox.answers = [inboxItem({ id: 'ans_a', tags: ['pricing'] })];
    exports = new FakeExports().install();
  });

  async function openExport(path = '/app/') {
    const app = mountApp(path);
    await page.getByRole('button', { name: 'Export…' }).click();
    await expect.element(page.getByRole('form', { name: 'Export the answers these filters show' })).toBeVisible();
    return app;
  }

  it('streams the filtered answers as CSV with progress against X-Total-Count, then saves the file under the server name', async () => {
    exports.hold();
    const app = await openExport('/app/?flowId=demo&tag=pricing&from=2025-05-01&to=2025-05-31&q=price%20plan&starred=true');
    await page.getByRole('button', { name: 'Download answers as CSV' }).click();

    // Half the body is in: 2 of the 4 rows (one CSV cell holds a newline, another doubled quotes).
    await expect.poll(() => text(exportRoot(app, 'rb-inbox')?.querySelector('.count'))).toBe('2 of 4 rows');
    const bar = exportRoot(app, 'rb-inbox')!.querySelector('progress')!;
    expect([bar.value, bar.max]).toEqual([2, 4]);
    await expect.element(page.getByRole('progressbar', { name: 'Export progress' })).toBeVisible();
    expect(saved).toEqual([]);

    exports.resume();
    await expect.poll(() => saved.length).toBe(1);
    expect(saved[0]!.filename).toBe('reelback-answers-demo-20260401T120000Z.csv');
    expect(saved[0]!.type).toBe('text/csv; charset=utf-8');
    expect(await saved[0]!.text).toBe(csvBody());
    await expect.element(page.getByRole('status').filter({ hasText: 'Saved reelback-answers-demo-20260401T120000Z.csv (4 rows).' })).toBeVisible();
    expect(exportRoot(app, 'rb-inbox')!.querySelector('progress')).toBeNull();

    // The inbox's filters and search went along, with the format and member links.
    expect(exports.requests.map((r) => [r.what, r.params.toString()])).toEqual([
      ['answers', 'flowId=demo&tag=pricing&starred=true&from=2025-05-01&to=2025-05-31&q=price+plan&format=csv&links=member'],
    ]);
  });

  it('exports NDJSON with signed media links and the chosen expiry', async () => {
    await openExport();
    await page.getByRole('radio', { name: 'NDJSON' }).click();
    await page.getByRole('radio', { name: 'Signed, to share outside' }).click();
    await page.getByRole('combobox', { name: 'Expire after' }).selectOptions('30 days');
    await page.getByRole('button', { name: 'Download answers as NDJSON' }).click();
    await expect.poll(() => saved.length).toBe(1);
    expect(saved[0]!.filename).toBe('reelback-answers-demo-20260401T120000Z.ndjson');
    expect(await saved[0]!.text).toBe(ndjsonBody());
    expect(exports.requests[0]!.params.toString()).toBe('format=ndjson&links=signed&linkExpiresIn=2592000');
  });

  it('cancels a running export: the request is aborted and nothing is saved', async () => {
    exports.hold();
    const app = await openExport();
    await page.getByRole('button', { name: 'Download answers as CSV' }).click();
    await expect.poll(() => text(exportRoot(app, 'rb-inbox')?.querySelector('.count'))).toBe('2 of 4 rows');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.element(page.getByRole('status').filter({ hasText: 'Export cancelled; nothing was saved.' })).toBeVisible();
    exports.resume();
    await new Promise((r) => setTimeout(r, 100));
    expect(saved).toEqual([]);
    expect(exportRoot(app, 'rb-inbox')!.querySelector('progress')).toBeNull();
    // It can start again.
    await page.getByRole('button', { name: 'Download answers as CSV' }).click();
    await expect.poll(() => saved.length).toBe(1);
  });

  it("shows the server's 400 plainly, and a body that ended early as a failure without saving", async () => {
    exports.badRequest = { message: 'Invalid query', issues: [{ path: ['to'], message: 'to must be a date' }] };
    await openExport();
    await page.getByRole('button', { name: 'Download answers as CSV' }).click();
    await expect.element(page.getByRole('alert').filter({ hasText: 'The export failed: Invalid query — to: to must be a date' })).toBeVisible();

    exports.badRequest = null;
    exports.sendOnly = 3;
    await page.getByRole('button', { name: 'Download answers as CSV' }).click();
    await expect.element(page.getByRole('alert').filter({ hasText: 'The export failed: The export stopped early: 3 of 4 rows arrived. Try again.' })).toBeVisible();
    expect(saved).toEqual([]);
  });

  it('lets managers export (a read)', async () => {
    inbox.role = 'manager';
    await openExport();
    await page.getByRole('button', { name: 'Download answers as CSV' }).click();
    await expect.poll(() => saved.length).toBe(1);
  });

  it('has no axe violations with the export control open, running and done', async () => {
    exports.hold();
    const app = await openExport();
    await page.getByRole('radio', { name: 'Signed, to share outside' }).click();
    expect(await violations()).toEqual([]);
    await page.getByRole('button', { name: 'Download answers as CSV' }).click();
    await expect.poll(() => text(exportRoot(app, 'rb-inbox')?.querySelector('.count'))).toBe('2 of 4 rows');
    expect(await violations()).toEqual([]);
    exports.resume();
    await expect.poll(() => saved.length).toBe(1);
    expect(await violations()).toEqual([]);
  });
});

describe('export from the analytics page', () => {
  beforeEach(() => {
    new FakeAnalytics().install();
    exports = new FakeExports().install();
  });

  it('exports sessions, raw events and answers of the chosen flow and days', async () => {
    const app = mountApp('/app/analytics?flow=demo&range=custom&from=2026-03-28&to=2026-03-30&version=2');
    await expect.element(page.getByRole('heading', { name: 'Export data' })).toBeVisible();
    const root = () => exportRoot(app, 'rb-analytics', 'rb-analytics-page')!;
    // Sessions first; no media link choice for them.
    expect(root().querySelector('input[name="links"]')).toBeNull();
    await page.getByRole('button', { name: 'Download sessions as CSV' }).click();
    await expect.poll(() => saved.length).toBe(1);
    expect(saved[0]!.filename).toBe('reelback-sessions-demo-20260401T120000Z.csv');

    await page.getByRole('combobox', { name: 'Data' }).selectOptions('Raw events');
    await page.getByRole('radio', { name: 'NDJSON' }).click();
    await page.getByRole('button', { name: 'Download raw events as NDJSON' }).click();
    await expect.poll(() => saved.length).toBe(2);
    expect(await saved[1]!.text).toBe(ndjsonBody());

    await page.getByRole('combobox', { name: 'Data' }).selectOptions('Answers');
    await page.getByRole('button', { name: 'Download answers as NDJSON' }).click();
    await expect.poll(() => saved.length).toBe(3);

    expect(exports.requests.map((r) => [r.what, r.params.toString()])).toEqual([
      ['sessions', 'flowId=demo&from=2026-03-28&to=2026-03-30&format=csv'],
      ['events', 'flowId=demo&from=2026-03-28&to=2026-03-30&format=ndjson'],
      ['answers', 'flowId=demo&from=2026-03-28&to=2026-03-30&format=ndjson&links=member'],
    ]);
    expect(await violations()).toEqual([]);
  });
});

describe('Content-Disposition', () => {
  it('reads the file name (RFC 5987 form first), never a folder', () => {
    expect(dispositionFilename('attachment; filename="reelback-answers-all-20260401T120000Z.csv"')).toBe('reelback-answers-all-20260401T120000Z.csv');
    expect(dispositionFilename("attachment; filename=\"fallback.csv\"; filename*=UTF-8''r%C3%A9sum%C3%A9.csv")).toBe('résumé.csv');
    expect(dispositionFilename('attachment; filename=../../etc/passwd')).toBe('.._.._etc_passwd');
    expect(dispositionFilename('attachment')).toBeNull();
    expect(dispositionFilename(null)).toBeNull();
  });
});
