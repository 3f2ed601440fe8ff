import * as z from 'zod';

/** Made by the server when an owner asks to upload; it names the upload too. */
export const MediaAssetId = z.string().regex(/^mda_[A-Za-z0-9_-]{16,64}$/, 'must be a media asset id issued by the server (mda_…)');

/**
 * A flow step's prompt pointing at the workspace's media library: `prompt.media = { assetId }`. The server resolves
 * it to the asset's current files (renditions, poster, the captions to show) when it serves a published flow, and
 * the studio does the same for its preview (`resolvePromptMedia`). Kept apart from the library's schemas so the
 * flow schema does not pull them in.
 */
export const PromptMediaRef = z.object({ assetId: MediaAssetId });

export type MediaAssetId = z.infer<typeof MediaAssetId>;
export type PromptMediaRef = z.infer<typeof PromptMediaRef>;
