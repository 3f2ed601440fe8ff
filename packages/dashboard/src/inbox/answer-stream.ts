// New and changed answers as the server pushes them (`GET /api/v1/answers/stream`, server-sent events).
import type { AnswerItem } from '@reelback/shared';

export interface AnswerStreamHandlers {
  /** A new answer in the workspace. */
  answer(item: AnswerItem): void;
  /** An answer changed (its clip or transcript finished, its review state or tags changed). */
  updated(item: AnswerItem): void;
}

function parse(event: MessageEvent): AnswerItem | null {
  try {
    const item = JSON.parse(String(event.data)) as AnswerItem;
    return item && typeof item.id === 'string' ? item : null;
  } catch {
    return null; // a malformed message is skipped, not fatal to the stream
  }
}

/**
 * Opens the stream (same origin: the session cookie goes along; EventSource reconnects by itself after a
 * dropped connection). Returns the function that closes it.
 */
export function openAnswerStream(url: string, handlers: AnswerStreamHandlers): () => void {
  const source = new EventSource(url);
  source.addEventListener('answer', (event) => {
    const item = parse(event);
    if (item) handlers.answer(item);
  });
  source.addEventListener('answer-updated', (event) => {
    const item = parse(event);
    if (item) handlers.updated(item);
  });
  return () => source.close();
}
