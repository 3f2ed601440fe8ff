import { ClipId } from '@reelback/shared';
import { originalKey } from './clip-settings.js';
import type { ClipsService } from './clips.service.js';
import type { UploadTarget } from './upload-target.js';

/** Viewers' answer clips as tus uploads: `clipId` in the metadata, the clip's upload token, the clip size limit. */
export function clipUploadTarget(clips: ClipsService): UploadTarget {
  return {
    metadataKey: 'clipId',
    noun: 'clip',
    parseId: (value) => {
      const parsed = ClipId.safeParse(value);
      return parsed.success ? parsed.data : undefined;
    },
    blobKey: originalKey,
    maxBytes: clips.settings.maxUploadBytes,
    checkToken: (token, id) => clips.checkUploadToken(token, id),
    state: (id) => clips.uploadState(id),
    received: (id, sizeBytes) => clips.uploadReceived(id, sizeBytes),
    reject: (id, reason) => clips.rejectUpload(id, reason),
    discard: (id) => clips.discard(id),
  };
}
