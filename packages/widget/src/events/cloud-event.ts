import type { ViewerEvent, ViewerEventOf } from '@reelback/shared';
import type { ViewerEventType } from '@reelback/shared/event-types';
import { uuidv7 } from '@reelback/shared/uuidv7';

/** Which session, flow and published version an event belongs to. */
export interface SessionRef {
  sessionId: string;
  flowId: string;
  flowVersion: number;
}

/** The part of an event's data that is not the session reference. */
export type EventData<T extends ViewerEventType> = Omit<ViewerEventOf<T>['data'], keyof SessionRef>;

/** Where viewer events come from, as a CloudEvents `source` (the host page, without query or fragment). */
export function eventSource(): string {
  const origin = location.origin && location.origin !== 'null' ? location.origin : '';
  return (origin + location.pathname).slice(0, 512) || 'reelback-widget';
}

/** Wraps one viewer event in its CloudEvents 1.0 envelope, with a UUIDv7 id made here and now. */
export function cloudEvent<T extends ViewerEventType>(type: T, ref: SessionRef, data: EventData<T>): ViewerEventOf<T> {
  const event = {
    specversion: '1.0',
    id: uuidv7(),
    source: eventSource(),
    type,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data: { sessionId: ref.sessionId, flowId: ref.flowId, flowVersion: ref.flowVersion, ...data },
  };
  return event as unknown as ViewerEventOf<T>;
}

export type { ViewerEvent };
