/**
 * What a starting process has started, to stop in reverse order: on `close()`, and also when the start fails
 * half-way, so a failed start leaves no connection, timer or listener behind (an answer feed's LISTEN connection
 * once outlived a start that failed to bind its port).
 */
export class Teardown {
  private readonly steps: { name: string; stop: () => Promise<void> | void }[] = [];

  /** `stop` runs after every step added later has stopped. */
  add(name: string, stop: () => Promise<void> | void): void {
    this.steps.push({ name, stop });
  }

  /**
   * Stops everything, newest first. A step that fails does not keep the older ones running: every step runs, then
   * the first failure is thrown, naming its step.
   */
  async run(): Promise<void> {
    const failures: unknown[] = [];
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step.stop();
      } catch (error) {
        failures.push(new Error(`stopping ${step.name} failed`, { cause: error }));
      }
    }
    if (failures.length > 0) throw failures[0];
  }
}
