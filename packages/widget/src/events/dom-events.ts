import type { ViewerEvent, ViewerEventOf } from '@reelback/shared';
import type { ViewerEventType } from '@reelback/shared/event-types';

/**
 * The DOM events a Reelback element dispatches: one per viewer event, named by its full CloudEvents
 * type (`reelback.choice.selected`, …), whose `detail` is the event itself. They bubble and cross
 * shadow roots, so `document.addEventListener('reelback.step.viewed', …)` hears every player.
 */
export type ReelbackEventMap = { [K in ViewerEventType]: CustomEvent<ViewerEventOf<K>> };

export function dispatchViewerEvent(target: EventTarget, event: ViewerEvent): void {
  target.dispatchEvent(new CustomEvent(event.type, { detail: event, bubbles: true, composed: true }));
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalEventHandlersEventMap extends ReelbackEventMap {}
}
