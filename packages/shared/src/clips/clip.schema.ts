import * as z from 'zod';
import { Slug } from '../flow/flow.schema.js';

export const ClipKind = z.enum(['video', 'audio']);

/**
 * Where a clip is in its life: `uploading` (ticket issued, bytes arriving), `uploaded` (content checked,
 * waiting for normalisation), `ready` (web-playable media made), `rejected` (the content is not a usable
 * recording; nothing will retry it) or `failed` (normalisation gave up after its retries).
 */
export const ClipStatus = z.enum(['uploading', 'uploaded', 'ready', 'rejected', 'failed']);

/** Clip ids are made by the server when it issues an upload ticket; they name the upload too. */
export const ClipId = z.string().regex(/^clp_[A-Za-z0-9_-]{16,64}$/, 'must be a clip id issued by the server (clp_…)');

export const UploadTicketRequest = z.object({
  stepId: Slug,
  kind: ClipKind,
  /** The recording's container type as the browser made it, e.g. `video/webm;codecs=vp9,opus`. */
  mimeType: z.string().max(200).optional(),
});

/** Everything the widget needs to send one clip with the tus protocol. */
export const UploadTicket = z.object({
  clipId: ClipId,
  /** The tus creation endpoint (absolute path on the API's origin). */
  uploadUrl: z.string(),
  /** Sent as `Authorization: Bearer …` on every tus request of this clip. */
  token: z.string(),
  maxBytes: z.number().int().positive(),
  maxDurationSeconds: z.number().int().positive(),
  expiresAt: z.iso.datetime(),
});

export const ClipRendition = z.enum(['original', 'video', 'audio', 'poster', 'wav']);

export const ClipMediaFile = z.object({
  rendition: ClipRendition,
  contentType: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  /** Where an owner fetches it (Range requests supported). */
  url: z.string(),
});

export const ClipInfo = z.object({
  id: ClipId,
  sessionId: z.string(),
  stepId: Slug,
  kind: ClipKind,
  status: ClipStatus,
  /** Why the clip was rejected or failed, in words an owner can act on. */
  reason: z.string().nullable(),
  sizeBytes: z.number().int().nonnegative().nullable(),
  durationSeconds: z.number().nonnegative().nullable(),
  width: z.number().int().positive().nullable(),
  height: z.number().int().positive().nullable(),
  media: z.array(ClipMediaFile),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export type ClipKind = z.infer<typeof ClipKind>;
export type ClipStatus = z.infer<typeof ClipStatus>;
export type ClipRendition = z.infer<typeof ClipRendition>;
export type UploadTicketRequest = z.infer<typeof UploadTicketRequest>;
export type UploadTicket = z.infer<typeof UploadTicket>;
export type ClipMediaFile = z.infer<typeof ClipMediaFile>;
export type ClipInfo = z.infer<typeof ClipInfo>;
