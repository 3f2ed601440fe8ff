import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { defineReelbackBubble, ReelbackBubble } from './bubble.component.js';
import { resetEventClients } from '../../events/event-client.js';
import { FakeApi, startWorker } from '../../test-support/fake-api.js';
import { testFlow } from '../../test-support/flows.js';

defineReelbackBubble();

let api: FakeApi;
beforeAll(() => startWorker());
beforeEach(() => {
  localStorage.clear();
  api = new FakeApi().publish('test', testFlow).install();
});
afterEach(() => {
  document.body.replaceChildren();
  resetEventClients();
  vi.restoreAllMocks();
});

function mount(): ReelbackBubble {
  const bubble = document.createElement('reelback-bubble');
  bubble.setAttribute('flow', 'test');
  bubble.setAttribute('endpoint', api.endpoint);
  bubble.setAttribute('vars', 'plan=pro');
  document.body.append(bubble);
  return bubble;
}

describe('<reelback-bubble>', () => {
  it('is a floating launcher that loads the player only when opened, and works by keyboard', async () => {
    // Nothing of the player (or Lit) is loaded until the viewer asks for it.
    expect(customElements.get('reelback-flow')).toBeUndefined();
    const bubble = mount();
    const root = bubble.shadowRoot!;
    const launcher = page.getByRole('button', { name: 'Open video feedback' });
    await expect.element(launcher).toBeVisible();
    await expect.element(launcher).toHaveAttribute('aria-expanded', 'false');
    expect(getComputedStyle(bubble).position).toBe('fixed');
    expect(root.querySelector('[part="panel"]')!.hasAttribute('hidden')).toBe(true);
    expect(api.requestCount).toBe(0);

    const before = document.createElement('button');
    before.textContent = 'page';
    document.body.prepend(before);
    before.focus();
    await userEvent.tab();
    expect(root.activeElement?.getAttribute('part')).toBe('launcher');
    await userEvent.keyboard('{Enter}');

    await expect.element(page.getByRole('dialog', { name: 'Video feedback' })).toBeVisible();
    await expect.element(launcher).toHaveAttribute('aria-expanded', 'true');
    expect(root.activeElement?.getAttribute('part')).toBe('close');
    await expect.element(page.getByRole('heading', { name: 'Pick a path' })).toBeVisible();
    expect(customElements.get('reelback-flow')).toBeDefined();
    const player = bubble.player!;
    expect(player.getAttribute('embed-mode')).toBe('bubble');
    expect(player.getAttribute('vars')).toBe('plan=pro');
    expect(api.sessionRequests.map((r) => r.context.embedMode)).toEqual(['bubble']);

    await page.getByRole('button', { name: 'Path B' }).click();
    await expect.element(page.getByRole('heading', { name: 'Read the docs' })).toBeVisible();
    // Closing pauses the video, which lives in the player's <reelback-prompt-video>.
    const video = player.shadowRoot!.querySelector('reelback-prompt-video')!.shadowRoot!.querySelector('video')!;
    const pause = vi.spyOn(HTMLMediaElement.prototype, 'pause');
    await userEvent.keyboard('{Escape}');
    await expect.poll(() => bubble.open).toBe(false);
    expect(pause.mock.contexts).toContain(video);
    expect(getComputedStyle(root.querySelector('[part="panel"]')!).display).toBe('none');
    expect(root.activeElement?.getAttribute('part')).toBe('launcher');
    await expect.element(launcher).toHaveAttribute('aria-expanded', 'false');

    // Opened again (Space): the same player, still on the same step.
    await userEvent.keyboard(' ');
    await expect.element(page.getByRole('dialog', { name: 'Video feedback' })).toBeVisible();
    expect(bubble.player).toBe(player);
    await expect.element(page.getByRole('heading', { name: 'Read the docs' })).toBeVisible();
    await userEvent.keyboard('{Enter}'); // on the close button
    await expect.poll(() => bubble.open).toBe(false);
    expect(getComputedStyle(root.querySelector('[part="panel"]')!).display).toBe('none');
    expect(root.activeElement?.getAttribute('part')).toBe('launcher');
    expect(api.sessionRequests).toHaveLength(1);
  });

  it('says so when the player cannot be loaded', async () => {
    const original = ReelbackBubble.loadPlayer;
    ReelbackBubble.loadPlayer = () => Promise.reject(new Error('offline'));
    try {
      const bubble = mount();
      await bubble.show();
      await expect.element(page.getByRole('alert')).toHaveTextContent('The video player could not be loaded');
    } finally {
      ReelbackBubble.loadPlayer = original;
    }
  });

  it('on a phone (390×844) the launcher steps aside while an inline player is in view, so it covers none of its buttons', async () => {
    await page.viewport(390, 844);
    await import('../../player.js');
    const inline = document.createElement('reelback-flow');
    inline.setAttribute('flow', 'test');
    inline.setAttribute('endpoint', api.endpoint);
    const below = document.createElement('div');
    below.style.height = '3000px';
    document.body.append(below, inline, Object.assign(document.createElement('div'), { style: 'height: 3000px' }));
    const bubble = mount();
    const launcher = bubble.shadowRoot!.querySelector<HTMLButtonElement>('.launcher')!;
    // Out of view: the launcher is there (and the inline player, far down, has not even loaded).
    await expect.poll(() => launcher.getBoundingClientRect().width).toBeGreaterThan(0);
    inline.scrollIntoView({ block: 'end' });
    await expect.element(page.getByRole('button', { name: 'Path B' })).toBeInTheDocument();
    inline.scrollIntoView({ block: 'end' });
    await expect.poll(() => launcher.getBoundingClientRect().width, { message: 'launcher hidden while the inline player is in view' }).toBe(0);
    // Every control of the inline player can be reached by a pointer: nothing of the bubble lies over it.
    for (const control of inline.shadowRoot!.querySelectorAll<HTMLElement>('button, a')) {
      const box = control.getBoundingClientRect();
      const hit = document.elementFromPoint(box.left + box.width - 4, box.top + box.height / 2);
      expect(hit, `what lies over "${control.textContent?.trim()}"`).toBe(inline);
    }
    scrollTo(0, 0);
    await expect.poll(() => launcher.getBoundingClientRect().width, { message: 'launcher back once the inline player is out of view' }).toBeGreaterThan(0);
    await page.viewport(414, 896);
  });
});
