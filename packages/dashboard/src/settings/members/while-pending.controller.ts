import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Calls `check` every `intervalMs` while it answers true (something is still under way, e.g. an e-mail being sent),
 * for at most `forMs`; stops when the host leaves the page. `start()` (again) after anything that may be under way.
 */
export class WhilePendingController implements ReactiveController {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private until = 0;

  constructor(
    host: ReactiveControllerHost,
    private readonly check: () => Promise<boolean>,
    private readonly interval: () => number,
    private readonly forMs = 3 * 60_000,
  ) {
    host.addController(this);
  }

  start(): void {
    this.until = Date.now() + this.forMs;
    this.schedule();
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(async () => {
      this.timer = undefined;
      let pending = false;
      try {
        pending = await this.check();
      } catch {
        // The next manual refresh says what is wrong; checking again later may work.
        pending = true;
      }
      if (pending && Date.now() < this.until) this.schedule();
    }, this.interval());
  }
}
