/**
 * The `AnswerFeed` port: who wants to hear that an answer arrived or changed, per workspace. It carries ids only;
 * each listener reads the answer itself, in its own caller's scope.
 */

export type AnswerFeedKind = 'answer' | 'answer-updated';

export interface AnswerFeedMessage {
  answerId: string;
  kind: AnswerFeedKind;
}

export type AnswerFeedListener = (message: AnswerFeedMessage) => void;

export interface AnswerFeed {
  /** `workspaceId` null: answers of flows without a workspace (the admin key before the bootstrap). */
  publish(workspaceId: string | null, answerId: string, kind: AnswerFeedKind): void;
  /** Returns the unsubscribe. */
  subscribe(workspaceId: string | null, listener: AnswerFeedListener): () => void;
}

/**
 * The feed within one process. Several server processes on one PostgreSQL use `NoticeAnswerFeed` (and the log
 * tail) instead, which tells one of these in each process.
 */
export class InMemoryAnswerFeed implements AnswerFeed {
  private readonly listeners = new Map<string | null, Set<AnswerFeedListener>>();

  publish(workspaceId: string | null, answerId: string, kind: AnswerFeedKind): void {
    for (const listener of [...(this.listeners.get(workspaceId) ?? [])]) {
      // One listener's failure must not keep the message from the others.
      try {
        listener({ answerId, kind });
      } catch {
        // A listener handles its own errors; nothing to do for the others.
      }
    }
  }

  subscribe(workspaceId: string | null, listener: AnswerFeedListener): () => void {
    const set = this.listeners.get(workspaceId) ?? new Set<AnswerFeedListener>();
    set.add(listener);
    this.listeners.set(workspaceId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(workspaceId) === set) this.listeners.delete(workspaceId);
    };
  }

  /** Listeners now, for tests and metrics. */
  get size(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }
}
