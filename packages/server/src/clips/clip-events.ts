import { ServerEvent, type ServerEventOf, uuidv7 } from '@reelback/shared';
import type { ClipRecord } from '../ports/clip-store.js';
import type { SessionRecordRow } from '../ports/session-store.js';

export const SERVER_EVENT_SOURCE = '/reelback/server';

type DataOf<T extends ServerEvent['type']> = Omit<ServerEventOf<T>['data'], keyof ClipRef>;
type ClipRef = Pick<ServerEvent['data'], 'sessionId' | 'flowId' | 'flowVersion' | 'stepId' | 'clipId' | 'kind'>;

/** A server event about a clip, in the envelope viewer events use. */
export function clipEvent<T extends ServerEvent['type']>(
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
