// The entry's part before the player: when it loads the player, and the place it holds meanwhile. `load` is a
// stand-in here (this file never defines <reelback-flow>, so the elements stay undefined, as on a page before the
// player came); the built entry with the real player is in e2e/host-page.e2e.test.ts.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NEAR_VIEWPORT_MARGIN } from '../components/flow/viewport.controller.js';
import { deferPlayer, NEAR_MARGIN, type PlayerModule } from './defer-player.js';

const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

function loader() {
  const load = vi.fn(() => Promise.resolve({} as PlayerModule));
  return load;
}

function player(attributes: Record<string, string> = { flow: 'f' }): HTMLElement {
  const element = document.createElement('reelback-flow');
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}

/** A page with `element` `below` px under the viewport's bottom edge. */
function placeBelow(element: HTMLElement, below: number): void {
  document.body.append(Object.assign(document.createElement('div'), { style: `height: ${innerHeight + below}px` }), element);
}

afterEach(() => {
  document.body.replaceChildren();
  scrollTo(0, 0);
});

describe('deferPlayer', () => {
  it('loads nothing while the only player is far below the fold, and loads once it comes within the margin', async () => {
    const element = player();
    placeBelow(element, 2000);
    document.body.append(Object.assign(document.createElement('div'), { style: 'height: 3000px' }));
    const load = loader();
    deferPlayer(load);
    await frame();
    await frame();
    expect(load).not.toHaveBeenCalled();
    // 700 px below the viewport: still outside the 600 px margin.
    scrollTo(0, element.offsetTop - innerHeight - 700);
    await frame();
    await frame();
    expect(load).not.toHaveBeenCalled();
    scrollTo(0, element.offsetTop - innerHeight - 500);
    await expect.poll(() => load.mock.calls.length).toBe(1);
    scrollTo(0, element.offsetTop);
    await frame();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('watches players added later (a script, embed.js) and loads at once for loading="eager" or one already near', async () => {
    const load = loader();
    deferPlayer(load);
    const far = player();
    placeBelow(far, 2000);
    await frame();
    await frame();
    expect(load).not.toHaveBeenCalled();
    document.body.append(player({ flow: 'f', loading: 'eager' }));
    await expect.poll(() => load.mock.calls.length).toBe(1);

    // A player added near the viewport (at the top of the page) loads it too.
    document.body.replaceChildren();
    placeBelow(player(), 2000);
    const second = loader();
    deferPlayer(second);
    await frame();
    await frame();
    expect(second).not.toHaveBeenCalled();
    document.body.prepend(player());
    await expect.poll(() => second.mock.calls.length).toBe(1);
  });

  it('loads now when asked (a page making its players in a shadow root), and tries again after a failed load', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    let calls = 0;
    const flaky = vi.fn(() => (++calls === 1 ? Promise.reject(new TypeError('chunk gone')) : Promise.resolve({} as PlayerModule)));
    const now = deferPlayer(flaky);
    await expect(now()).rejects.toThrow('chunk gone');
    expect(warn).toHaveBeenCalledWith('[reelback] could not load the player', expect.any(TypeError));
    await expect(now()).resolves.toEqual({});
    await now();
    expect(flaky).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });

  it('holds a published player’s place before it is defined: the player’s own box and reserve, once per page', async () => {
    deferPlayer(loader());
    deferPlayer(loader());
    expect(document.querySelectorAll('style[data-reelback-reserve]')).toHaveLength(1);
    const column = Object.assign(document.createElement('div'), { style: 'width: 400px; font-size: 20px' });
    const published = player();
    const preview = player({});
    const hidden = player({ flow: 'f', hidden: '' });
    column.append(published, preview, hidden);
    document.body.append(column);
    // 32 % of its width (400 px) + 26em at the player's own 16 px, whatever the page's font size.
    expect(published.getBoundingClientRect().height).toBeCloseTo(128 + 416, 0);
    expect(published.getBoundingClientRect().width).toBe(400);
    // Wider than the player's largest width: 480 px, and the reserve a share of that.
    column.style.width = '900px';
    expect(published.getBoundingClientRect().width).toBe(480);
    expect(published.getBoundingClientRect().height).toBeCloseTo(0.32 * 480 + 416, 0);
    // Set by the page, as on the player: --reelback-reserved-height, --reelback-max-width.
    published.style.setProperty('--reelback-reserved-height', '10em');
    published.style.setProperty('--reelback-max-width', '300px');
    expect(published.getBoundingClientRect().height).toBeCloseTo(0.32 * 300 + 160, 0);
    // A preview (no `flow` attribute: given by property) and a hidden player hold nothing.
    expect(preview.getBoundingClientRect().height).toBe(0);
    expect(hidden.getBoundingClientRect().height).toBe(0);
  });

  it('comes near at the same margin as the player itself', () => {
    expect(NEAR_MARGIN).toBe(NEAR_VIEWPORT_MARGIN);
  });
});
