// The built bundles, loaded the way a host page loads them (the test server maps /embed.js and /widget/*
// to dist/ like the Reelback server). Needs `pnpm --filter @reelback/widget build` first; skipped without it.
// This file imports no widget sources, so nothing is defined until the bundles define it.
import { beforeAll, describe, expect, it } from 'vitest';
import { commands, page } from 'vitest/browser';
import { FakeApi, startWorker } from '../test-support/fake-api.js';
import { testFlow } from '../test-support/flows.js';

const built = await commands.distBuilt();
let api: FakeApi;

beforeAll(async () => {
  await startWorker();
  localStorage.clear();
  api = new FakeApi().publish('test', testFlow).install();
});

function addScript(attrs: Record<string, string>): HTMLScriptElement {
  const script = document.createElement('script');
  for (const [name, value] of Object.entries(attrs)) script.setAttribute(name, value);
  document.body.append(script);
  return script;
}

describe.skipIf(!built)('dist/embed.js (classic script)', () => {
  it('inserts an inline player after itself and loads /widget/reelback-flow.js', async () => {
    const script = addScript({ src: '/embed.js', 'data-flow': 'test' });
    await expect.poll(() => script.nextElementSibling?.localName).toBe('reelback-flow');
    const player = script.nextElementSibling!;
    expect(player.getAttribute('endpoint')).toBe(location.origin);
    await expect.poll(() => customElements.get('reelback-flow')).toBeDefined();
    await expect.element(page.getByRole('heading', { name: 'Pick a path' })).toBeVisible();
    expect(api.sessionRequests.at(-1)!.context.embedMode).toBe('script');
  });

  it('adds a bubble that pulls in the same player module when opened', async () => {
    // The inline player of the test before stays on the page: out of view, or the launcher steps aside for it.
    document.body.prepend(Object.assign(document.createElement('div'), { style: 'height: 3000px' }));
    addScript({ src: '/embed.js', 'data-flow': 'test', 'data-mode': 'bubble' });
    await expect.poll(() => customElements.get('reelback-bubble')).toBeDefined();
    await page.getByRole('button', { name: 'Open video feedback' }).click();
    await expect.poll(() => api.sessionRequests.map((r) => r.context.embedMode)).toEqual(['script', 'bubble']);
    const bubble = document.querySelector('reelback-bubble')!;
    await expect.poll(() => bubble.player?.shadowRoot?.querySelector('h2')?.textContent).toBe('Pick a path');
  });
});
