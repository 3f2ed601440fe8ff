export interface ClipSettings {
  /** Largest clip accepted, in bytes (default 200 MB). */
  maxUploadBytes: number;
  /** Upload tickets one session may ask for: recordings plus re-records (default 30). */
  maxClipsPerSession: number;
  /** How long an upload may take to finish, resumes included (default 24 h). */
  ticketLifetimeSeconds: number;
  /** Keep the viewer's original file after the web-playable media was made (default false). */
  keepOriginals: boolean;
}

export const DEFAULT_CLIP_SETTINGS: ClipSettings = {
  maxUploadBytes: 200 * 1000 * 1000,
  maxClipsPerSession: 30,
  ticketLifetimeSeconds: 24 * 60 * 60,
  keepOriginals: false,
};

/** Where the tus endpoint lives; the upload of clip X is at `${UPLOADS_PATH}/X`. */
export const UPLOADS_PATH = '/api/v1/uploads';

/** The job that checks a finished upload and makes its web-playable media. */
export const PROCESS_CLIP_QUEUE = 'clip-process';

export const originalKey = (clipId: string) => `clips/${clipId}/original`;
export const clipPrefix = (clipId: string) => `clips/${clipId}`;
