/**
 * Collects what is added during one turn of the event loop and hands it over as one list (after the turn's
 * I/O callbacks, via `setImmediate`): the queue behind both engines' group commits.
 */
export class TurnBatch<T> {
  private pending: T[] = [];
  private scheduled = false;

  constructor(private readonly flush: (items: T[]) => Promise<void>) {}

  add(item: T): void {
    this.pending.push(item);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      const items = this.pending;
      this.pending = [];
      this.scheduled = false;
      void this.flush(items);
    });
  }
}
