/** Which flow version a session runs: fixed for the session's life. */
export interface SessionFlowRef {
  flowId: string;
  flowVersion: number;
}

/**
 * Remembers recent sessions' flow versions so that a batch of events needs no read before its write
 * transaction (which reads the session row again and stays the authority on whether it exists).
 */
export class SessionFlowRefs {
  private readonly refs = new Map<string, SessionFlowRef>();

  constructor(private readonly capacity = 50_000) {}

  get(sessionId: string): SessionFlowRef | undefined {
    return this.refs.get(sessionId);
  }

  remember(sessionId: string, ref: SessionFlowRef): void {
    if (this.refs.has(sessionId)) return;
    if (this.refs.size >= this.capacity) this.refs.delete(this.refs.keys().next().value!);
    this.refs.set(sessionId, { flowId: ref.flowId, flowVersion: ref.flowVersion });
  }
}
