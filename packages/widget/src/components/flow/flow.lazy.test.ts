import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commands, page } from 'vitest/browser';
import type { FlowDefinition, ViewerEvent } from '@reelback/shared';
import { VIEWER_EVENT_TYPES } from '@reelback/shared/event-types';
import { defineReelbackFlow, type ReelbackFlow } from './flow.component.js';
import { resetEventClients } from '../../events/event-client.js';
import { describeEvent, FakeApi, startWorker } from '../../test-support/fake-api.js';
import { testFlow } from '../../test-support/flows.js';
import demoFlow from '../../../../../demo/flow.json' with { type: 'json' };

// Light on the host page (issue #16): a player far down the page costs nothing until the viewer scrolls near it,
// counts no impression until it is on screen, reads no video before play, and holds its size from its first paint.

defineReelbackFlow();

let api: FakeApi;
let heard: ViewerEvent[];
const listen = (event: Event) => heard.push((event as CustomEvent<ViewerEvent>).detail);

beforeAll(() => startWorker());

beforeEach(() => {
  localStorage.clear();
  resetEventClients();
  api = new FakeApi().publish('test', testFlow).publish('demo', demoFlow as FlowDefinition).install();
  heard = [];
  performance.clearResourceTimings();
  for (const type of VIEWER_EVENT_TYPES) document.addEventListener(type, listen);
});

afterEach(async () => {
  for (const type of VIEWER_EVENT_TYPES) document.removeEventListener(type, listen);
  document.body.replaceChildren();
  scrollTo(0, 0);
  resetEventClients();
  await commands.emulateConstrainedNetwork(null);
  await page.viewport(414, 896);
});

function player(attrs: Record<string, string> = {}): ReelbackFlow {
  const element = document.createElement('reelback-flow');
  element.setAttribute('endpoint', api.endpoint);
  element.setAttribute('flow', 'test');
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, value);
  return element;
}

/** A page whose player sits `gap` px below the fold, with more page under it. */
function farDown(element: ReelbackFlow, gap = 3000): ReelbackFlow {
  const spacer = (height: number) => Object.assign(document.createElement('div'), { style: `height: ${height}px` });
  document.body.append(spacer(innerHeight + gap), element, spacer(3000));
  return element;
}

const mediaRequests = () => performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/media/'));
const video = (element: ReelbackFlow) => element.shadowRoot!.querySelector('reelback-prompt-video')?.shadowRoot?.querySelector('video') ?? null;
/** Two animation frames: long enough for IntersectionObserver to have reported a layout. */
const frames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

describe('<reelback-flow> on the host page', () => {
  it('fetches nothing (definition, session, poster) until it nears the viewport, and counts no view until it is on screen', async () => {
    const element = farDown(player());
    await expect.poll(() => element.shadowRoot?.querySelector('.frame')).toBeTruthy();
    await frames();
    await frames();
    expect([api.requestCount, api.sessionRequests.length, mediaRequests().length]).toEqual([0, 0, 0]);

    // Within reach (below the fold by less than the margin): it loads and starts a session, but sends no view.
    scrollTo(0, element.offsetTop - innerHeight - 300);
    await expect.poll(() => element.currentStep?.id).toBe('start');
    expect([api.requestCount, api.sessionRequests.length]).toEqual([2, 1]); // the definition and the session
    await frames();
    expect(heard).toEqual([]);

    element.scrollIntoView();
    await expect.poll(() => heard.map(describeEvent)).toEqual(['reelback.session.started', 'reelback.step.viewed start']);
  });

  it('loads at once with loading="eager", still sending its view only once on screen', async () => {
    const element = farDown(player({ loading: 'eager' }));
    await expect.poll(() => element.currentStep?.id).toBe('start');
    expect(api.sessionRequests).toHaveLength(1);
    await frames();
    expect(heard).toEqual([]);
    element.scrollIntoView();
    await expect.poll(() => heard.map((e) => e.type)).toEqual(['reelback.session.started', 'reelback.step.viewed']);
  });

  it('reads no video bytes before play (preload="none"); preload="metadata" is honoured on a fast network only', async () => {
    const lean = player();
    document.body.append(lean);
    await expect.poll(() => video(lean)?.getAttribute('preload')).toBe('none');
    lean.remove();

    const eager = player({ preload: 'metadata' });
    document.body.append(eager);
    await expect.poll(() => video(eager)?.getAttribute('preload')).toBe('metadata');
    eager.remove();

    await commands.emulateConstrainedNetwork({ slow: true, saveData: false });
    const slow = player({ preload: 'metadata' });
    document.body.append(slow);
    await expect.poll(() => video(slow)?.getAttribute('preload')).toBe('none');
  });

  it.each([320, 768, 1280])('holds its size from its first paint at %i px: the page under it does not move as it loads', async (width) => {
    await page.viewport(width, 900);
    const column = Object.assign(document.createElement('div'), { style: 'max-width: 560px; padding: 0 12px' });
    const after = Object.assign(document.createElement('p'), { textContent: 'Under the player' });
    const element = player({ flow: 'demo' });
    element.style.setProperty('--reelback-max-width', '560px');
    column.append(element, after);
    document.body.append(column);
    await expect.poll(() => element.shadowRoot?.querySelector('.frame')).toBeTruthy();
    const before = after.getBoundingClientRect().top;
    expect(before).toBeGreaterThan(200);
    await expect.poll(() => element.currentStep?.id).toBe('welcome');
    await element.updateComplete;
    expect(after.getBoundingClientRect().top).toBe(before);
    // Never wider than its column.
    expect(element.getBoundingClientRect().right).toBeLessThanOrEqual(column.getBoundingClientRect().right);
  });
});
