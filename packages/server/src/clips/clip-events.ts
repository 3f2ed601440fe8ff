import { ServerEvent, type ServerEventOf, uuidv7 } from '@reelback/shared';
import type { ClipRecord } from '../ports/clip-store.js';
import type { SessionRecordRow } from '../ports/session-store.js';

export const SERVER_EVENT_SOURCE = '/reelback/server';

/** The server events about a clip (the others, e.g. `answer.analyzed`, are about an answer). */
type ClipEventType = Exclude<ServerEvent['type'], 'reelback.answer.analyzed'>;
type DataOf<T extends ClipEventType> = Omit<ServerEventOf<T>['data'], keyof ClipRef>;
type ClipRef = Pick<ServerEventOf<ClipEventType>['data'], 'sessionId' | 'flowId' | 'flowVersion' | 'stepId' | 'clipId' | 'kind'>;

/** A server event about a clip, in the envelope viewer events use. */
export function clipEvent<T extends ClipEventType>(
  type: T,
  session: SessionRecordRow,
  clip: ClipRecord,
  at: Date,
  data: DataOf<T>,
): ServerEventOf<T> {
  // Parsed so that a server event can never be stored in a shape the vocabulary does not allow.
  const event = ServerEvent.parse({
    specversion: '1.0',
    id: uuidv7(),
    source: SERVER_EVENT_SOURCE,
    type,
    time: at.toISOString(),
    datacontenttype: 'application/json',
    subject: clip.id,
    data: {
      sessionId: session.id,
      flowId: session.flowId,
      flowVersion: session.flowVersion,
      stepId: clip.stepId,
      clipId: clip.id,
      kind: clip.kind,
      ...data,
    },
  });
  return event as ServerEventOf<T>;
}
