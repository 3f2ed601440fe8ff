// What the media library's elements ask for and tell. They only ask (bubbling, composed events); the studio page's
// `StudioMediaController` acts on the flow, the library dialog on the library.
import type { MediaAssetInfo } from '@reelback/shared';

/** Why the library is opened: media for step `index`'s prompt, or a frame of a video for the bubble's avatar. */
export type LibraryPurpose = { purpose: 'prompt'; index: number } | { purpose: 'avatar' };

export interface MediaEventMap {
  /** A panel asks for the library dialog. */
  'rb-media-library-request': CustomEvent<LibraryPurpose>;
  /** The dialog: the owner chose this asset (for the purpose it was opened for). */
  'rb-media-choose': CustomEvent<{ asset: MediaAssetInfo }>;
  /** The dialog closed without a choice (Escape, *Close*). */
  'rb-media-library-close': CustomEvent<Record<string, never>>;
  /** An asset changed or was read afresh (renamed, a new poster, captions, processing done). */
  'rb-media-asset-changed': CustomEvent<{ asset: MediaAssetInfo }>;
  'rb-media-asset-deleted': CustomEvent<{ assetId: string }>;
  /**
   * Something inside the dialog (the studio's recorder, slotted as `slot="record"`) put a new asset in the library:
   * the library lists it first and follows its processing. The recorder's own event (`<rb-prompt-recorder>`).
   */
  'prompt-media-added': CustomEvent<{ asset: MediaAssetInfo }>;
}

export function tell<K extends keyof MediaEventMap>(from: Element, type: K, detail: MediaEventMap[K]['detail']): void {
  from.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}

declare global {
  interface GlobalEventHandlersEventMap extends MediaEventMap {}
}
