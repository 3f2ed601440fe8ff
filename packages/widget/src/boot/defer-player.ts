// What the entry module does before the player is needed: hold the players' places, watch for one to come near.

export type PlayerModule = typeof import('../player.js');

/** As the player's own `NEAR_VIEWPORT_MARGIN` (components/flow/viewport.controller.ts; defer-player.test.ts checks). */
export const NEAR_MARGIN = '600px 0px';

/**
 * A published player's size before it is defined, the same as it reserves once defined (components/flow/flow.styles.ts:
 * its `:host` box and its reserve, `32 % of its width + --reelback-reserved-height`), so an element in view at load
 * holds its place from the first paint after this module ran, and does not move when the player takes over.
 */
export const RESERVE_CSS =
  'reelback-flow[flow]:not(:defined):not([hidden]){display:block;box-sizing:border-box;width:100%;max-width:var(--reelback-max-width,480px);font-size:var(--reelback-font-size,16px)}' +
  'reelback-flow[flow]:not(:defined):not([hidden])::before{content:"";display:block;padding-top:calc(32% + var(--reelback-reserved-height,26em))}';

/**
 * Loads the player (`load`: an `import()` of its chunk) once any `<reelback-flow>` of the document comes within
 * `NEAR_MARGIN` of the viewport, or at once for one with `loading="eager"` or in a browser without
 * IntersectionObserver; players added later (by a script, by embed.js) are watched as they arrive. Until then nothing
 * of Lit or the player is evaluated: that was ≈ 250 ms of main-thread work on a throttled phone (issue #16), for a
 * player nobody had scrolled to. Returns a function that loads it now.
 */
export function deferPlayer(load: () => Promise<PlayerModule>): () => Promise<PlayerModule> {
  let pending: Promise<PlayerModule> | undefined;
  const players = document.getElementsByTagName('reelback-flow');
  let near: IntersectionObserver | null = null;
  try {
    // The document as the root, as the player's own ViewportController: the margin then holds inside an iframe too.
    near = new IntersectionObserver((entries) => entries.some((entry) => entry.isIntersecting) && void now(), { root: document, rootMargin: NEAR_MARGIN });
  } catch {
    // No IntersectionObserver, or one that takes no document as its root (Safari before 14.1): load at once.
  }
  const added = new MutationObserver(() => scan());

  function now(): Promise<PlayerModule> {
    near?.disconnect();
    added.disconnect();
    return (pending ??= load().catch((error: unknown) => {
      console.warn('[reelback] could not load the player', error);
      pending = undefined;
      throw error;
    }));
  }

  /** Every player of the document, again after each change (observing one twice does nothing, loading twice neither). */
  function scan(): void {
    for (const player of players) {
      if (!near || player.getAttribute('loading') === 'eager') {
        void now().catch(() => undefined);
        return;
      }
      near.observe(player);
    }
  }

  if (!customElements.get('reelback-flow')) {
    if (!document.querySelector('style[data-reelback-reserve]')) {
      const style = document.createElement('style');
      style.dataset.reelbackReserve = '';
      style.textContent = RESERVE_CSS;
      document.head.append(style);
    }
    added.observe(document, { childList: true, subtree: true });
    scan();
  }
  return now;
}
