import type { AnswerItem, AnswerPatch } from '@reelback/shared';

export interface AnswerChangeDeps {
  /** Sends the change; resolves the answer as the server stored it. */
  send(id: string, patch: AnswerPatch): Promise<AnswerItem>;
  /** The answer as the list shows it now (undefined once it left the list). */
  current(id: string): AnswerItem | undefined;
  /** Shows the answer in this state. */
  show(item: AnswerItem): void;
}

/**
 * Optimistic changes to answers: shown at once, sent, and rolled back (only the fields changed) if the server
 * refuses. With several changes to one answer on their way, the server's reply is shown when the last is back, so
 * an older reply never overwrites a newer click.
 */
export class AnswerChanges {
  private readonly inflight = new Map<string, number>();

  constructor(private readonly deps: AnswerChangeDeps) {}

  /** Resolves the stored answer, or rejects with the server's refusal once the change is rolled back. */
  async apply(item: AnswerItem, patch: AnswerPatch): Promise<AnswerItem> {
    const undo = Object.fromEntries(Object.keys(patch).map((key) => [key, item[key as keyof AnswerItem]])) as Partial<AnswerItem>;
    this.deps.show({ ...item, ...(patch as Partial<AnswerItem>) });
    this.inflight.set(item.id, (this.inflight.get(item.id) ?? 0) + 1);
    const settle = () => {
      const left = (this.inflight.get(item.id) ?? 1) - 1;
      if (left) this.inflight.set(item.id, left);
      else this.inflight.delete(item.id);
      return left === 0;
    };
    try {
      const saved = await this.deps.send(item.id, patch);
      if (settle()) this.deps.show(saved);
      return saved;
    } catch (error) {
      settle();
      const current = this.deps.current(item.id);
      if (current) this.deps.show({ ...current, ...undo });
      throw error;
    }
  }
}
