import type { SessionCursor } from '../ports/session-store.js';
import { decodeTimeIdCursor, encodeTimeIdCursor } from '../paging/time-id-cursor.js';

/** Opaque to clients: the last session of a page. */
export const encodeCursor = (cursor: SessionCursor): string => encodeTimeIdCursor(cursor.startedAt, cursor.id);

export function decodeCursor(text: string): SessionCursor {
  const { time, id } = decodeTimeIdCursor(text);
  return { startedAt: time, id };
}
