import * as z from 'zod';
import { TranscriptEngine, TranscriptSegment } from '../transcripts/transcript.schema.js';
import { MediaAssetId } from './media-asset-id.js';

export { MediaAssetId, PromptMediaRef } from './media-asset-id.js';

/**
 * The workspace media library: prompt videos, audio and images owners upload (or record in the studio) and flow
 * steps point at. Assets belong to a workspace, never to a viewer.
 */

/** What the content turned out to be (read from the bytes, not from the name): null until it was checked. */
export const MediaAssetKind = z.enum(['video', 'audio', 'image']);

/**
 * `uploading` (ticket issued, bytes arriving), `processing` (content checked, renditions being made), `ready`,
 * `rejected` (the content is not usable media: the reason says why; nothing will retry it) or `failed`
 * (making the renditions gave up after its retries).
 */
export const MediaAssetStatus = z.enum(['uploading', 'processing', 'ready', 'rejected', 'failed']);

/**
 * The files of an asset. Video: `video-1280` and `video-640` (H.264/AAC MP4, faststart, longest side at most 1280
 * or 640; the widget picks the small one on small screens or slow networks) and `poster` (JPEG). Audio: `audio`
 * (AAC in M4A). Image: `image-1280`, `image-640` (JPEG). Captions: `captions` (WebVTT, the one to show).
 */
export const MediaAssetRendition = z.enum(['video-1280', 'video-640', 'audio', 'poster', 'image-1280', 'image-640', 'captions']);

export const MediaAssetName = z.string().trim().min(1, 'give the asset a name').max(200);

export const CreateMediaAssetRequest = z.object({
  name: MediaAssetName,
  /** The file's size when known (tus `Upload-Length`): an upload over the limit is refused before any byte is sent. */
  sizeBytes: z.number().int().nonnegative().optional(),
  /** What the browser says the file is; informative only (the content decides). */
  mimeType: z.string().max(200).optional(),
});

/** Everything the studio needs to send one file with the tus protocol, as the widget does for clips. */
export const MediaAssetUploadTicket = z.object({
  assetId: MediaAssetId,
  /** The tus creation endpoint (absolute path on the API's origin); metadata `assetId` names the upload. */
  uploadUrl: z.string(),
  /** Sent as `Authorization: Bearer …` on every tus request of this upload. */
  token: z.string(),
  maxBytes: z.number().int().positive(),
  expiresAt: z.iso.datetime(),
});

export const MediaAssetFile = z.object({
  rendition: MediaAssetRendition,
  contentType: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  width: z.number().int().positive().nullable(),
  height: z.number().int().positive().nullable(),
  /**
   * Content-addressed and immutable (the name carries the content's hash): served from the server's origin to any
   * origin, with HTTP Range and a year-long cache. A changed file (a new poster, edited captions) gets a new URL.
   */
  url: z.string(),
});

export const CaptionsStatus = z.enum(['none', 'queued', 'ready', 'failed']);

/**
 * `machine`: made by a transcription engine and not edited; `edited`: an owner changed the machine's captions
 * (the machine's version is kept); `uploaded`: an owner's own `.vtt`/`.srt`.
 */
export const CaptionsSource = z.enum(['machine', 'edited', 'uploaded']);

export const MediaAssetCaptions = z.object({
  /** `none`: the asset has no sound, or no engine runs on this server (an owner can still upload captions). */
  status: CaptionsStatus,
  source: CaptionsSource.nullable(),
  /** True while what is shown is the engine's own text: viewers and owners should know a machine wrote it. */
  machineMade: z.boolean(),
  engine: TranscriptEngine.nullable(),
  language: z.string().nullable(),
  segments: z.array(TranscriptSegment),
  /** The engine's captions, kept when an owner edits or replaces them. */
  machineSegments: z.array(TranscriptSegment).nullable(),
  /** The WebVTT to show (the edited one when there is one); null until there are captions. */
  url: z.string().nullable(),
  error: z.string().nullable(),
  updatedAt: z.iso.datetime().nullable(),
});

export const MediaAssetInfo = z.object({
  id: MediaAssetId,
  name: z.string(),
  kind: MediaAssetKind.nullable(),
  status: MediaAssetStatus,
  /** Why it was rejected or failed, in words an owner can act on. */
  reason: z.string().nullable(),
  sizeBytes: z.number().int().nonnegative().nullable(),
  durationSeconds: z.number().nonnegative().nullable(),
  width: z.number().int().positive().nullable(),
  height: z.number().int().positive().nullable(),
  /** Where the poster frame of a video is taken from. */
  posterAtSeconds: z.number().nonnegative().nullable(),
  files: z.array(MediaAssetFile),
  captions: MediaAssetCaptions,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const MediaAssetListQuery = z.object({
  /** Words of the name (any case); every word must appear. */
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** From the previous page's `nextCursor`. */
  cursor: z.string().max(200).optional(),
});

export const MediaAssetList = z.object({ assets: z.array(MediaAssetInfo), nextCursor: z.string().nullable() });

export const MediaAssetPatch = z
  .object({
    name: MediaAssetName.optional(),
    /** A video's poster: the frame at this time (seconds from the start, within the video). */
    posterAtSeconds: z.number().nonnegative().max(24 * 3600).optional(),
  })
  .refine((patch) => patch.name !== undefined || patch.posterAtSeconds !== undefined, { message: 'change the name or posterAtSeconds' });

/** An owner's captions: edited cues, or a `.vtt`/`.srt` file's text. */
export const MediaAssetCaptionsEdit = z.union([
  z.object({ segments: z.array(TranscriptSegment.omit({ words: true })).max(5000) }),
  z.object({ format: z.enum(['vtt', 'srt']), text: z.string().min(1).max(2_000_000) }),
]);

/**
 * A still of a ready video made into an image asset of its own (`POST /media-assets/:id/frames`): the studio uses its
 * `image-640` as the widget's bubble avatar. `name` defaults to the video's name and the time.
 */
export const MediaAssetFrameRequest = z.object({
  atSeconds: z.number().nonnegative().max(24 * 3600),
  name: MediaAssetName.optional(),
});

export type MediaAssetKind = z.infer<typeof MediaAssetKind>;
export type MediaAssetStatus = z.infer<typeof MediaAssetStatus>;
export type MediaAssetRendition = z.infer<typeof MediaAssetRendition>;
export type CreateMediaAssetRequest = z.infer<typeof CreateMediaAssetRequest>;
export type MediaAssetUploadTicket = z.infer<typeof MediaAssetUploadTicket>;
export type MediaAssetFile = z.infer<typeof MediaAssetFile>;
export type CaptionsStatus = z.infer<typeof CaptionsStatus>;
export type CaptionsSource = z.infer<typeof CaptionsSource>;
export type MediaAssetCaptions = z.infer<typeof MediaAssetCaptions>;
export type MediaAssetInfo = z.infer<typeof MediaAssetInfo>;
export type MediaAssetListQuery = z.infer<typeof MediaAssetListQuery>;
export type MediaAssetList = z.infer<typeof MediaAssetList>;
export type MediaAssetPatch = z.infer<typeof MediaAssetPatch>;
export type MediaAssetCaptionsEdit = z.infer<typeof MediaAssetCaptionsEdit>;
export type MediaAssetFrameRequest = z.infer<typeof MediaAssetFrameRequest>;
