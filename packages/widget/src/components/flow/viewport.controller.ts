import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * How far ahead of the viewport a lazy player starts loading (definition, session, poster): about a screen of a
 * phone's scrolling, so it is ready when it comes into view, yet a player 2,000 px down a page that nobody scrolls
 * to costs nothing.
 */
export const NEAR_VIEWPORT_MARGIN = '600px 0px';

/**
 * Tells the player when it first comes near the viewport (`near`) and when it is first on screen (`shown`: at least
 * one pixel in the viewport, not hidden). Both stay true once reached. Without IntersectionObserver (very old
 * browsers) both are true at once: the player then behaves as it did before it waited.
 */
export class ViewportController implements ReactiveController {
  near = false;
  shown = false;
  private observers: IntersectionObserver[] = [];

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly on: { near(): void; shown(): void },
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (typeof IntersectionObserver === 'undefined') {
      this.reachNear();
      this.reachShown();
      return;
    }
    // Near: the document's own viewport as the root, so the margin applies even inside an iframe (with the implicit
    // root the iframe's edge clips first, margin or not). Shown: the implicit root, the top-level viewport.
    if (!this.near) this.watch({ root: this.host.ownerDocument, rootMargin: NEAR_VIEWPORT_MARGIN }, () => this.reachNear());
    if (!this.shown) this.watch({}, () => this.reachShown());
  }

  hostDisconnected(): void {
    this.stop();
  }

  private watch(options: IntersectionObserverInit, reached: () => void): void {
    const observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        observer.disconnect();
        this.observers = this.observers.filter((o) => o !== observer);
        reached();
      },
      options,
    );
    observer.observe(this.host);
    this.observers.push(observer);
  }

  private stop(): void {
    for (const observer of this.observers) observer.disconnect();
    this.observers = [];
  }

  private reachNear(): void {
    if (this.near) return;
    this.near = true;
    this.on.near();
  }

  private reachShown(): void {
    if (this.shown) return;
    this.shown = true;
    this.reachNear();
    this.on.shown();
  }
}
