import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Moves keyboard focus after the next render: to the heading of the step just moved to, the first control that
 * needs fixing, the textarea chosen… Whoever changes the view says where focus goes; it lands once the view exists.
 */
export class FocusController implements ReactiveController {
  private next: string | null = null;

  constructor(private readonly host: ReactiveControllerHost & { renderRoot: HTMLElement | DocumentFragment }) {
    host.addController(this);
  }

  /** Focuses the first match of `selector` in the shadow root after the next render. */
  after(selector: string): void {
    this.next = selector;
    this.host.requestUpdate();
  }

  hostUpdated(): void {
    if (!this.next) return;
    this.host.renderRoot.querySelector<HTMLElement>(this.next)?.focus();
    this.next = null;
  }
}
