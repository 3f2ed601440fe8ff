import axe from 'axe-core';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { commands, page } from 'vitest/browser';
import { defineReelbackFlow } from './flow.component.js';
import { resetEventClients } from '../../events/event-client.js';
import { FakeApi, startWorker } from '../../test-support/fake-api.js';
import { testFlow } from '../../test-support/flows.js';

defineReelbackFlow();

let api: FakeApi;

beforeAll(() => startWorker());

beforeEach(async () => {
  // Hover transitions would let axe measure a colour halfway between two states.
  await commands.emulateReducedMotion(true);
  localStorage.clear();
  resetEventClients();
  api = new FakeApi().publish('test', testFlow).install();
  // The fixtures' media do not exist: keep the browser from trying to play them.
  vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
});

afterEach(async () => {
  await commands.emulateReducedMotion(false);
  document.body.replaceChildren();
  resetEventClients();
  vi.restoreAllMocks();
});

/** axe-core looks into open shadow roots, so this checks the player as a host page would show it. */
async function violations(): Promise<string[]> {
  const result = await axe.run(document, { resultTypes: ['violations'] });
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

describe('accessibility (axe-core)', () => {
  it('reports no violations on a choice step, a call to action and an end screen', async () => {
    document.documentElement.lang = 'en';
    // A host page as a customer would have it: its own landmark and top heading (page-level rules are the host's).
    const main = document.createElement('main');
    const title = document.createElement('h1');
    title.textContent = 'Our product';
    main.append(title);
    const element = document.createElement('reelback-flow');
    element.setAttribute('endpoint', api.endpoint);
    element.setAttribute('flow', 'test');
    main.append(element);
    document.body.append(main);

    await expect.element(page.getByRole('heading', { name: 'Pick a path' })).toBeVisible();
    expect(await violations()).toEqual([]);

    await page.getByRole('button', { name: 'Path B' }).click();
    await expect.element(page.getByRole('heading', { name: 'Read the docs' })).toBeVisible();
    expect(await violations()).toEqual([]);

    vi.spyOn(window, 'open').mockReturnValue(null);
    await page.getByRole('button', { name: 'Open the docs' }).or(page.getByRole('link', { name: 'Open the docs' })).click();
    await expect.element(page.getByRole('heading', { name: 'Thanks, B' })).toBeVisible();
    expect(await violations()).toEqual([]);
  });
});
