import type { NoticeBody, Notices } from '../ports/notices.js';
import { type AnswerFeed, type AnswerFeedKind, type AnswerFeedListener, InMemoryAnswerFeed } from './answer-feed.js';

const TOPIC = 'answer';

function parse(body: NoticeBody): { workspaceId: string | null; answerId: string; kind: AnswerFeedKind } | null {
  const { w, a, k } = body;
  if (typeof a !== 'string' || (k !== 'answer' && k !== 'answer-updated') || w === undefined) return null;
  return { workspaceId: w, answerId: a, kind: k };
}

/**
 * The answer feed across processes (PostgreSQL). A `publish` — an owner changed an answer's review state or backlog
 * item — is a notice every process hears. What the event log says (new answers, clips and transcripts that settled)
 * does not come this way: every process reads it from the log (`events/log-tail.ts`) and tells its own listeners
 * through `local`, so a notice lost while a listening connection was down cannot lose those.
 */
export class NoticeAnswerFeed implements AnswerFeed {
  /** This process's listeners: what the log tail tells them reaches no other process (each reads the log itself). */
  readonly local = new InMemoryAnswerFeed();

  constructor(private readonly notices: Notices) {
    notices.subscribe(TOPIC, (body) => {
      const message = parse(body);
      if (message) this.local.publish(message.workspaceId, message.answerId, message.kind);
    });
  }

  publish(workspaceId: string | null, answerId: string, kind: AnswerFeedKind): void {
    this.notices.publish(TOPIC, { w: workspaceId, a: answerId, k: kind });
  }

  subscribe(workspaceId: string | null, listener: AnswerFeedListener): () => void {
    return this.local.subscribe(workspaceId, listener);
  }
}
