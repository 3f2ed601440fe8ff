import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useServerAndBrowser } from './support/server-and-browser.js';

const e2e = useServerAndBrowser();
let hostPage: Server;
let hostUrl: string;

beforeAll(async () => {
  const { server } = e2e;
  // A customer's marketing site on another origin (localhost vs 127.0.0.1), embedding with the one-line script.
  hostPage = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>Customer site</title><main><h1>Our product</h1>
      <script src="${server.url}/embed.js" data-flow="demo"></script></main>`);
  });
  await new Promise<void>((resolve) => hostPage.listen(0, 'localhost', resolve));
  hostUrl = `http://localhost:${(hostPage.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  // The browser (closed after this hook) still holds keep-alive connections that close() would wait out.
  hostPage?.closeAllConnections();
  await new Promise((resolve) => hostPage?.close(resolve));
});

describe('a page on another origin', () => {
  it('embeds the flow with the one-line script: modules, media, captions and events all cross origins', async () => {
    const page = await e2e.browser.newPage();
    const failures: string[] = [];
    page.on('requestfailed', (request) => failures.push(`${request.url()} ${request.failure()?.errorText}`));
    page.on('console', (message) => message.type() === 'error' && failures.push(message.text()));
    await page.goto(hostUrl);

    const widget = page.locator('reelback-flow');
    await expect.poll(() => widget.getByRole('heading', { name: "Hi, I'm Maya from Acme Boards" }).count()).toBe(1);
    await widget.getByRole('button', { name: 'Play video' }).click();
    const video = widget.locator('video');
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime > 0.5), { timeout: 15_000 }).toBe(true);
    const cues = await video.evaluate((v: HTMLVideoElement) => v.textTracks[0]?.cues?.length ?? 0);
    expect(cues).toBeGreaterThan(0);

    await widget.getByRole('button', { name: "I'm just looking around" }).click();
    await expect.poll(() => widget.getByRole('heading', { name: 'Take your time' }).count()).toBe(1);

    await expect
      .poll(async () => {
        const [session] = await e2e.server.sessions('demo');
        return session ? [session.context.embedMode, ...session.events.map((e) => e.event.type).filter((t) => t !== 'reelback.video.progressed')] : [];
      })
      .toEqual(['script', 'reelback.session.started', 'reelback.step.viewed', 'reelback.choice.selected', 'reelback.step.viewed']);
    expect(failures).toEqual([]);
    await page.close();
  });
});
