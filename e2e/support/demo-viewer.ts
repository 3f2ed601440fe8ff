import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Scrolls the demo's inline player into view, as a viewer does: it loads only once near the viewport, and
 * Playwright's actions wait for its buttons without scrolling to an element that is not drawn yet.
 */
export async function showTheInlinePlayer(page: Page): Promise<void> {
  await page.locator('#reelback-inline').scrollIntoViewIfNeeded();
  await page.locator('#reelback-inline').getByRole('heading').first().waitFor();
}

/** Takes the demo's inline flow to its open question ("Tell us in your own words"). */
export async function toTheOpenQuestion(page: Page): Promise<void> {
  await showTheInlinePlayer(page);
  const widget = page.locator('#reelback-inline');
  await widget.getByRole('button', { name: "I'm choosing a tool for my team" }).click();
  await widget.getByRole('button', { name: '1 to 10 people' }).click();
  await expect.poll(() => widget.getByRole('heading', { name: 'Tell us in your own words' }).count()).toBe(1);
}

/**
 * Records an answer at the open question with the (fake) camera or microphone for about `seconds`, sends it, and
 * waits for the next step. `during` runs once recording has started (to drop the network, say).
 */
export async function recordAtTheOpenQuestion(
  page: Page,
  options: { kind: 'video' | 'audio'; seconds: number; during?: () => Promise<void> },
): Promise<void> {
  const widget = page.locator('#reelback-inline');
  await widget.getByRole('button', { name: options.kind === 'video' ? 'Record video' : 'Record audio' }).click();
  await widget.getByRole('button', { name: 'Start recording' }).click();
  await widget.getByRole('button', { name: 'Start now' }).click();
  await widget.getByRole('button', { name: 'Stop recording' }).waitFor();
  const started = Date.now();
  if (options.during) await options.during();
  const left = options.seconds * 1000 - (Date.now() - started);
  if (left > 0) await page.waitForTimeout(left);
  await widget.getByRole('button', { name: 'Stop recording' }).click();
  await widget.getByRole('button', { name: 'Send' }).click();
  await expect.poll(() => widget.getByRole('heading', { name: 'Plans that grow with you' }).count()).toBe(1);
}
