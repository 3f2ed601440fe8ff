export interface MediaLibrarySettings {
  /** Largest prompt upload accepted, in bytes (REELBACK_MEDIA_LIBRARY_MAX_MB; default 1 GB). */
  maxUploadBytes: number;
  /** How long an upload may take to finish, resumes included (default 24 h). */
  ticketLifetimeSeconds: number;
  /** Keep the owner's original file after the renditions were made (default false). */
  keepOriginals: boolean;
}

export const DEFAULT_MEDIA_LIBRARY_SETTINGS: MediaLibrarySettings = {
  maxUploadBytes: 1000 * 1000 * 1000,
  ticketLifetimeSeconds: 24 * 60 * 60,
  keepOriginals: false,
};

/** The job that checks a finished upload and makes its renditions. */
export const PROCESS_ASSET_QUEUE = 'media-asset-process';
/** The job that makes an asset's machine captions. */
export const CAPTION_ASSET_QUEUE = 'media-asset-captions';

/** Public, content-addressed files: `${MEDIA_FILES_PATH}/<assetId>/<rendition>.<hash>.<ext>`. */
export const MEDIA_FILES_PATH = '/api/v1/media';

export const assetPrefix = (assetId: string) => `media-library/${assetId}`;
export const originalKey = (assetId: string) => `${assetPrefix(assetId)}/original`;
/** The 16 kHz WAV the captions engine reads; not served. */
export const wavKey = (assetId: string) => `${assetPrefix(assetId)}/captions-source.wav`;
