import { MediaAssetId } from '@reelback/shared';
import type { UploadTarget } from '../clips/upload-target.js';
import { originalKey } from './media-library-settings.js';
import type { MediaUploadsService } from './media-uploads.service.js';

/** Owners' prompt media as tus uploads: `assetId` in the metadata, the asset's upload token, the library's limit. */
export function assetUploadTarget(uploads: MediaUploadsService): UploadTarget {
  return {
    metadataKey: 'assetId',
    noun: 'media asset',
    parseId: (value) => {
      const parsed = MediaAssetId.safeParse(value);
      return parsed.success ? parsed.data : undefined;
    },
    blobKey: originalKey,
    maxBytes: uploads.settings.maxUploadBytes,
    checkToken: async (token, id) => {
      await uploads.authorizeUpload(token, id);
    },
    state: (id) => uploads.uploadState(id),
    // The size is read from the file by the checks that run now; the last PATCH hears a refusal naming the problem.
    received: (id) => uploads.uploadFinished(id),
    reject: (id, reason) => uploads.rejectUpload(id, reason),
  };
}
