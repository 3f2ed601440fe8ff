import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from './support/server-and-browser.js';

const e2e = useServerAndBrowser();

describe('the bubble on the demo page', () => {
  it('loads the player only when opened, plays the prompt video with captions, and reports its progress', async () => {
    const page = await e2e.browser.newPage();
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    await page.goto(`${e2e.server.url}/demo/`);

    const launcher = page.locator('reelback-bubble').getByRole('button', { name: /feedback|question|talk/i }).first();
    await expect.poll(() => launcher.count()).toBe(1);
    // The inline player on the page already loaded reelback-flow.js; the bubble must not create a session until opened.
    const sessionsBefore = (await e2e.server.sessions('demo')).length;

    await launcher.focus();
    await page.keyboard.press('Enter');
    const dialog = page.locator('reelback-bubble').getByRole('dialog', { name: 'Video feedback' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await expect.poll(() => dialog.getByRole('heading', { name: "Hi, I'm Maya from Acme Boards" }).count()).toBe(1);
    expect(requested).toContain('/widget/reelback-bubble.js');

    await dialog.getByRole('button', { name: 'Play video' }).click();
    const video = dialog.locator('video');
    // The real H.264/AAC demo file plays to its end in Debian's Chromium, with its English captions showing.
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.ended), { timeout: 20_000 }).toBe(true);
    const captions = await video.evaluate((v: HTMLVideoElement) => [...v.textTracks].map((t) => `${t.kind}:${t.language}:${t.mode}`));
    expect(captions).toEqual(['captions:en:showing']);

    await expect
      .poll(async () => {
        const sessions = await e2e.server.sessions('demo');
        const bubble = sessions.find((s) => s.context.embedMode === 'bubble');
        return bubble?.events
          .filter((e) => e.event.type === 'reelback.video.progressed')
          .map((e) => (e.event.data as { percent: number }).percent);
      }, { timeout: 15_000 })
      .toEqual([25, 50, 75, 100]);
    expect((await e2e.server.sessions('demo')).length).toBe(sessionsBefore + 1);

    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await launcher.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    await page.close();
  });
});
