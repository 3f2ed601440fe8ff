/**
 * A pass over stored work that runs where jobs run: now, then `intervalMs` after each pass ended, until `stop`.
 * Never two passes at once in this process (a call during one shares it); a failed pass is logged and the next one
 * comes as planned. Processes that run the same pass side by side only find less to do: each pass is written so.
 * The sweeps (webhook fan-out, unsubmitted clips, answer analysis, audit retention) keep only their pass.
 */
export class PeriodicPass {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<number> | undefined;
  private stopped = true;
  private stopping = false;

  constructor(
    private readonly pass: () => Promise<number>,
    private readonly options: { what: string; intervalMs: number; logError: (message: string, error: unknown) => void },
  ) {}

  /** True from `stop` on: a long pass checks it between batches and leaves the rest to the next one. */
  get halting(): boolean {
    return this.stopping;
  }

  /** One pass now (or the one under way); resolves what it counted. */
  run(): Promise<number> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.stopping = false;
    const tick = () => {
      void this.run()
        .catch((error: unknown) => this.options.logError(`${this.options.what} failed`, error))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.options.intervalMs).unref();
        });
    };
    tick();
  }

  /** Stops the timer and waits for a pass under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }
}
