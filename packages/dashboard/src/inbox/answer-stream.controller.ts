import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { type AnswerStreamHandlers, openAnswerStream } from './answer-stream.js';

/**
 * Keeps the live answer stream open while the host is on the page: opened by `open()` (once the host can say where
 * to), closed when the host leaves, opened again when it comes back.
 */
export class AnswerStreamController implements ReactiveController {
  private close: (() => void) | null = null;
  private wanted = false;

  constructor(
    host: ReactiveControllerHost,
    private readonly url: () => string | undefined,
    private readonly handlers: AnswerStreamHandlers,
  ) {
    host.addController(this);
  }

  open(): void {
    this.wanted = true;
    const url = this.url();
    if (!url || this.close) return;
    this.close = openAnswerStream(url, this.handlers);
  }

  hostConnected(): void {
    if (this.wanted) this.open();
  }

  hostDisconnected(): void {
    this.close?.();
    this.close = null;
  }
}
