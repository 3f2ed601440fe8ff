import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { toTheOpenQuestion } from './support/demo-viewer.js';
import { fakeMediaArgs, makeFakeMedia } from './support/fake-media.js';
import { startReelbackServer, type RunningServer } from './support/reelback-server.js';

// Light on the host page, and small screens (issue #16), in Chromium against the real server and the demo page.
// Screenshots go to e2e/output/host-page/ (not committed).
const output = fileURLToPath(new URL('./output/host-page/', import.meta.url));

/** Collects the page's layout shifts (as CLS counts them: not right after an input) from its first paint. */
const LAYOUT_SHIFTS = `
  window.__shifts = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput) continue;
      window.__shifts.push(entry.value);
      window.__moved = (window.__moved || []).concat(entry.sources.map((s) => (s.node ? s.node.nodeName + '#' + (s.node.id || '') + '.' + (s.node.className || '') : '?') + ' ' + JSON.stringify([s.previousRect, s.currentRect]) + ' @' + Math.round(entry.startTime)));
    }
  }).observe({ type: 'layout-shift', buffered: true });
`;
const cls = (page: Page) => page.evaluate(() => (window as unknown as { __shifts: number[] }).__shifts.reduce((a, b) => a + b, 0));
/** What moved, for the failure message. */
const moved = (page: Page) => page.evaluate(() => ((window as unknown as { __moved?: string[] }).__moved ?? []).join('\n'));

/** The page's own content is in, the network quiet and the last layout drawn (the player defined, when `defined`). */
async function settled(page: Page, defined = true): Promise<void> {
  await page.waitForLoadState('networkidle');
  if (defined) await page.evaluate(() => customElements.whenDefined('reelback-flow'));
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

describe('the widget on a host page', () => {
  let server: RunningServer;
  let browser: BrowserContext;

  beforeAll(async () => {
    const media = await makeFakeMedia();
    server = await startReelbackServer();
    browser = await launchChromium({ extraArgs: fakeMediaArgs(media) });
    await browser.addInitScript(LAYOUT_SHIFTS);
    await mkdir(output, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('asks for nothing until the viewer scrolls near the inline player, counts the view once it is seen, and never shifts the page', async () => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    await page.goto(`${server.url}/demo/`);
    await settled(page, false);
    const flowRequests = () => requested.filter((path) => path.startsWith('/api/') || path.startsWith('/demo/media/'));
    expect(flowRequests()).toEqual([]);
    expect(await server.sessions('demo')).toEqual([]);
    // Nor the player itself: the entry alone ran (Lit and the player are not even evaluated), holding the place.
    expect(await page.evaluate(() => !!customElements.get('reelback-flow'))).toBe(false);
    expect(requested.some((path) => /^\/widget\/chunks\/player-/.test(path))).toBe(false);

    await page.locator('#reelback-inline').scrollIntoViewIfNeeded();
    const widget = page.locator('#reelback-inline');
    await expect.poll(() => widget.getByRole('heading', { name: "Hi, I'm Maya from Acme Boards" }).count()).toBe(1);
    await expect
      .poll(async () => (await server.sessions('demo'))[0]?.events.map((e) => e.event.type), { timeout: 15_000 })
      .toEqual(['reelback.session.started', 'reelback.step.viewed']);
    // The poster, yes; the video, not before play.
    await settled(page);
    expect(requested).toContain('/demo/media/welcome.jpg');
    expect(requested.filter((path) => path.endsWith('.mp4'))).toEqual([]);
    expect(await cls(page), await moved(page)).toBe(0);
    await page.close();
  });

  // The entry holds a published player's place as soon as it has run, but a page paints before an async script has
  // arrived: the bare two-line snippet pasted in the body shifted the text under it at 257 ms (CLS 0.028 at 390 px).
  // In a hero slot the script goes in the page's <head> with `blocking="render"` (docs/host-page.md): the first paint
  // waits for the entry (one small file with no imports, fetched beside the page's own CSS), the parser does not.
  it('in a hero slot (in view at load), the entry in <head> with blocking="render" holds the place from the first paint: CLS 0, no style line', async () => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    // A bare page on the server's origin (served by the test): a heading, the player, text under it, no CSS.
    await page.route(`${server.url}/demo/bare.html`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width, initial-scale=1">
          <title>Bare</title>
          <script type="module" async blocking="render" src="/widget/reelback-flow.js"></script></head>
          <body><h1>A hero</h1>
          <reelback-flow flow="demo"></reelback-flow>
          <p id="after">Text under the player.</p></body></html>`,
      }),
    );
    await page.goto(`${server.url}/demo/bare.html`);
    await expect.poll(() => page.locator('reelback-flow').getByRole('heading', { name: "Hi, I'm Maya from Acme Boards" }).count()).toBe(1);
    await settled(page);
    expect(await cls(page), await moved(page)).toBe(0);
    await page.close();
  });

  it.each([
    [320, 640],
    [360, 740],
    [768, 1024],
    [1280, 900],
  ])('at %i px wide, recording keeps the prompt as a thumbnail and the recorder controls in view', async (width, height) => {
    const page = await browser.newPage();
    await page.setViewportSize({ width, height });
    await page.goto(`${server.url}/demo/`);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await toTheOpenQuestion(page);
    const widget = page.locator('#reelback-inline');
    await widget.getByRole('button', { name: 'Record video' }).click();
    const start = widget.getByRole('button', { name: 'Start recording' });
    await start.waitFor();
    const thumbnail = widget.locator('[part~="prompt-media"]');
    await expect.poll(() => thumbnail.count()).toBe(1);
    // The thumbnail stays small; the camera preview and its controls fit in the viewport together (scrolled to the
    // recorder, as the player's focus does), nothing cut at the sides.
    const recorder = widget.locator('reelback-recorder');
    await recorder.evaluate((el) => el.scrollIntoView({ block: 'end' }));
    const box = (await start.boundingBox())!;
    const whole = (await recorder.boundingBox())!;
    expect(whole.y, 'the camera preview is in view with its controls').toBeGreaterThanOrEqual(0);
    // (half a pixel for sub-pixel layout: the button is the recorder's last line, aligned with the viewport's bottom)
    expect(box.y + box.height, 'Start recording within the viewport').toBeLessThanOrEqual(height + 0.5);
    expect(box.x + box.width, 'Start recording within the width').toBeLessThanOrEqual(width);
    const video = (await thumbnail.locator('reelback-prompt-video').boundingBox())!;
    expect(video.width).toBeLessThanOrEqual(170);
    // Nothing of the page scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.screenshot({ path: `${output}recording-${width}.png` });
    await page.close();
  });
});
