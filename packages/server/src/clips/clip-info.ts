import type { ClipInfo } from '@reelback/shared';
import type { ClipRecord } from '../ports/clip-store.js';

/** The owner API's view of a clip: media as URLs, storage keys kept inside. */
export function toClipInfo(clip: ClipRecord): ClipInfo {
  return {
    id: clip.id,
    sessionId: clip.sessionId,
    stepId: clip.stepId,
    kind: clip.kind,
    status: clip.status,
    reason: clip.reason,
    sizeBytes: clip.sizeBytes,
    durationSeconds: clip.durationSeconds,
    width: clip.width,
    height: clip.height,
    media: clip.media.map((file) => ({
      rendition: file.rendition,
      contentType: file.contentType,
      sizeBytes: file.sizeBytes,
      url: `/api/v1/clips/${clip.id}/media/${file.rendition}`,
    })),
    createdAt: clip.createdAt,
    updatedAt: clip.updatedAt,
  };
}
