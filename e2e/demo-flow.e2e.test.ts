import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useServerAndBrowser } from './support/server-and-browser.js';
import { showTheInlinePlayer } from './support/demo-viewer.js';

const e2e = useServerAndBrowser();

const demoSessions = () => e2e.server.sessions('demo');

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value, null, 1).slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const inline = (page: Page) => page.locator('#reelback-inline');

describe('the demo page', () => {
  it('takes a viewer through a branch, across a reload, and the server holds each event once, in order', async () => {
    const page = await e2e.browser.newPage();
    const domEvents: string[] = [];
    await page.exposeFunction('recordReelbackEvent', (type: string) => domEvents.push(type));
    await page.addInitScript(() => {
      for (const type of ['reelback.session.started', 'reelback.step.viewed', 'reelback.choice.selected', 'reelback.cta.clicked', 'reelback.session.completed']) {
        document.addEventListener(type, () => (window as unknown as { recordReelbackEvent: (t: string) => void }).recordReelbackEvent(type));
      }
    });
    // Arriving from a campaign link: the query must survive the call to action, which jumps within the page.
    await page.goto(`${e2e.server.url}/demo/?utm_source=newsletter`);
    await showTheInlinePlayer(page);

    const widget = inline(page);
    await expect.poll(() => widget.getByRole('heading', { name: "Hi, I'm Maya from Acme Boards" }).count()).toBe(1);
    await widget.getByRole('button', { name: "I'm choosing a tool for my team" }).click();
    await expect.poll(() => widget.getByRole('heading', { name: 'Great — how big is your team?' }).count()).toBe(1);
    await widget.getByRole('button', { name: '11 to 50 people' }).click();
    await expect.poll(() => widget.getByRole('heading', { name: 'Tell us in your own words' }).count()).toBe(1);
    await widget.getByRole('button', { name: 'Type your answer' }).click();
    // Typed text from viewers is stored as text, never as markup.
    await widget.getByLabel('Your answer').fill('Cards get lost <img src=x onerror=alert(1)>');
    await widget.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => widget.getByRole('heading', { name: 'Plans that grow with you' }).count()).toBe(1);

    // A reload in the middle: the viewer resumes where they were, in the same session.
    await page.reload();
    await showTheInlinePlayer(page);
    await expect.poll(() => inline(page).getByRole('heading', { name: 'Plans that grow with you' }).count()).toBe(1);
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    await inline(page).getByRole('link', { name: 'See pricing' }).or(inline(page).getByRole('button', { name: 'See pricing' })).click();
    await expect.poll(() => inline(page).getByRole('heading', { name: 'Thank you!' }).count()).toBe(1);
    // "See pricing" is the demo page's own #pricing section: a jump within the page, not a reload that would start
    // a second session and skip the end step.
    await expect.poll(() => new URL(page.url()).hash).toBe('#pricing');
    expect(new URL(page.url()).search).toBe('?utm_source=newsletter');
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);

    const sessions = await waitFor(
      demoSessions,
      (list) => list.some((s) => s.events.some((e) => e.event.type === 'reelback.session.completed')),
      'the completed session',
    );
    expect(sessions).toHaveLength(1);
    const [session] = sessions;
    const steps = session!.events.map(({ event }) => {
      const data = event.data as Record<string, unknown>;
      return [event.type, data.stepId ?? data.endStepId ?? null, data.optionId ?? null, data.nextStepId ?? null].filter((x) => x !== null).join(' ');
    });
    // The viewer's story; the server's own events about it (the typed answer's analysis, #17) come whenever their
    // job ran, so they are checked apart.
    const analysed = steps.filter((s) => s.startsWith('reelback.answer.analyzed'));
    expect(analysed.length, 'at most one analysis of the typed answer').toBeLessThanOrEqual(1);
    expect(steps.filter((s) => !s.startsWith('reelback.video.progressed') && !s.startsWith('reelback.answer.analyzed'))).toEqual([
      'reelback.session.started',
      'reelback.step.viewed welcome',
      'reelback.choice.selected welcome team team-size',
      'reelback.step.viewed team-size',
      'reelback.choice.selected team-size medium wish',
      'reelback.step.viewed wish',
      'reelback.answer.submitted wish pricing',
      'reelback.step.viewed pricing',
      'reelback.cta.clicked pricing thanks',
      'reelback.step.viewed thanks',
      'reelback.session.completed thanks',
    ]);
    const typed = session!.events.find(({ event }) => event.type === 'reelback.answer.submitted')!.event.data as { answer: unknown };
    expect(typed.answer).toEqual({ kind: 'text', text: 'Cards get lost <img src=x onerror=alert(1)>' });
    const all = session!.events.map(({ event }) => event.id);
    expect(new Set(all).size, 'each event stored once').toBe(all.length);
    // The viewer's ids (UUIDv7, made in the browser) are stored in the order they were made.
    const ids = session!.events.filter(({ event }) => event.type !== 'reelback.answer.analyzed').map(({ event }) => event.id);
    expect([...ids].sort()).toEqual(ids);
    expect(session!.completedAt).not.toBeNull();
    expect(session!.context.embedMode).toBe('inline');
    // The host page heard the same story through DOM events (after the reload only the rest of it).
    expect(domEvents).toContain('reelback.session.completed');

    // Nothing arrives late or twice once the page settles.
    await page.waitForTimeout(1500);
    const again = await demoSessions();
    expect(again[0]!.events.filter((e) => e.event.type !== 'reelback.answer.analyzed').map((e) => e.event.id)).toEqual(ids);
    await page.close();
  });
});
