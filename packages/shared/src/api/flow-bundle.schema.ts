import * as z from 'zod';
import { FlowId } from '../events/viewer-event.schema.js';
import { FlowDefinition } from '../flow/flow.schema.js';
import { MediaAssetId } from '../media/media-asset-id.js';
import { CaptionsSource, MediaAssetKind, MediaAssetName, MediaAssetStatus } from '../media/media-asset.schema.js';
import { TranscriptEngine, TranscriptSegment } from '../transcripts/transcript.schema.js';
import { EditableFlow, Editor } from './flow-authoring.schema.js';

/**
 * A flow bundle: one flow's definitions and the media library assets they use, as a tar archive another Reelback
 * server (or another workspace) imports.
 *
 * ```
 * manifest.json                     FlowBundleManifest
 * assets/<assetId>/asset.json       FlowBundleAsset
 * assets/<assetId>/source.mp4       the asset's largest rendition (source.m4a for audio, source.jpg for a picture)
 * assets/<assetId>/captions.vtt     the captions shown, as WebVTT (when the asset has captions)
 * ```
 */

export const FLOW_BUNDLE_FORMAT = 'reelback.flow-bundle';
export const FLOW_BUNDLE_FORMAT_VERSION = 1;

export const FLOW_BUNDLE_MANIFEST = 'manifest.json';
export const FLOW_BUNDLE_ASSET_JSON = 'asset.json';
export const FLOW_BUNDLE_CAPTIONS = 'captions.vtt';
/** The file an asset is re-made from, named by what the asset is. */
export const FLOW_BUNDLE_SOURCE_FILES = { video: 'source.mp4', audio: 'source.m4a', image: 'source.jpg' } as const satisfies Record<MediaAssetKind, string>;

/** The folder of an asset's members: `assets/<assetId>`. */
export const flowBundleAssetDir = (assetId: string) => `assets/${assetId}`;

/** A published version as the bundle carries it: its number and time on the server it came from, and its definition. */
export const FlowBundlePublished = z.object({
  version: z.number().int().positive(),
  publishedAt: z.iso.datetime(),
  definition: FlowDefinition,
});

/** `manifest.json`: what the bundle is and the flow's definitions (variables and theme are part of each definition). */
export const FlowBundleManifest = z.object({
  format: z.literal(FLOW_BUNDLE_FORMAT, { error: `not a Reelback flow bundle manifest: "format" must be "${FLOW_BUNDLE_FORMAT}"` }),
  formatVersion: z.literal(FLOW_BUNDLE_FORMAT_VERSION, {
    error: `this server reads flow bundles of format version ${FLOW_BUNDLE_FORMAT_VERSION}: export the flow again from a server of the same release`,
  }),
  exportedAt: z.iso.datetime(),
  exportedBy: Editor,
  /** The flow on the server it was exported from: for people, never used to name the imported flow. */
  source: z.object({ flowId: FlowId, revision: z.number().int().positive() }),
  name: z.string().min(1).max(200),
  /** The draft as it was saved, with its problems if it had any. */
  draft: FlowDefinition,
  /** The latest published version; null when the flow was never published. */
  published: FlowBundlePublished.nullable(),
});

const Language = z
  .string()
  .max(35)
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'a language code such as "en" or "pt-BR"');

export const FlowBundleCaptions = z.object({
  /** `machine` (a transcription engine's, unedited), `edited` (an owner changed the machine's) or `uploaded` (an owner's file). */
  source: CaptionsSource,
  language: Language.nullable(),
  engine: TranscriptEngine.nullable(),
  model: z.string().max(200).nullable(),
  /** The cues shown: what an import restores (the WebVTT beside them is made from them, for people and other tools). */
  segments: z.array(TranscriptSegment).max(5000),
  /** The engine's own cues when an owner edited them. */
  machineSegments: z.array(TranscriptSegment).max(5000).nullable(),
});

/** `assets/<assetId>/asset.json`: one library asset. */
export const FlowBundleAsset = z
  .object({
    id: MediaAssetId,
    name: MediaAssetName,
    /** What the asset was; an import checks the source file's content and refuses one that is something else. */
    kind: MediaAssetKind,
    /** A video's poster frame: an import takes its poster from the same time. */
    posterAtSeconds: z.number().nonnegative().max(24 * 3600).nullable(),
    /** Informative: an import reads these from the file. */
    durationSeconds: z.number().nonnegative().nullable(),
    width: z.number().int().positive().nullable(),
    height: z.number().int().positive().nullable(),
    source: z.object({
      file: z.enum([FLOW_BUNDLE_SOURCE_FILES.video, FLOW_BUNDLE_SOURCE_FILES.audio, FLOW_BUNDLE_SOURCE_FILES.image]),
      contentType: z.string().max(100),
      sizeBytes: z.number().int().nonnegative(),
    }),
    captions: FlowBundleCaptions.nullable(),
  })
  .superRefine((asset, ctx) => {
    const expected = FLOW_BUNDLE_SOURCE_FILES[asset.kind];
    if (asset.source.file !== expected) {
      ctx.addIssue({ code: 'custom', path: ['source', 'file'], message: `a ${asset.kind} asset's source file is "${expected}"` });
    }
    if (asset.kind === 'image' && asset.captions !== null) {
      ctx.addIssue({ code: 'custom', path: ['captions'], message: 'captions belong to a video or a sound, not a picture' });
    }
  });

/** One asset an import added to the library: its id in the bundle and its new id here. */
export const FlowBundleImportedAsset = z.object({
  bundleAssetId: MediaAssetId,
  assetId: MediaAssetId,
  name: z.string(),
  /** `uploading` until the processing job takes it: poll `GET /media-assets/:id` until `ready` (or `rejected`). */
  status: MediaAssetStatus,
});

export const FlowBundleImportResult = z.object({
  /** The new flow: its draft is the bundle's draft, with the new asset ids. Nothing is published. */
  flow: EditableFlow,
  assets: z.array(FlowBundleImportedAsset),
  /**
   * The bundle's latest published version, with the new asset ids, for reference: it is **not** published here.
   * To publish it, save it as the draft (`PUT /flows/:flowId`) and publish once its assets are ready.
   */
  bundlePublished: FlowBundlePublished.nullable(),
  /** What an owner should know: what was not published, what did not carry over. */
  notes: z.array(z.string()),
});

export type FlowBundlePublished = z.infer<typeof FlowBundlePublished>;
export type FlowBundleManifest = z.infer<typeof FlowBundleManifest>;
export type FlowBundleCaptions = z.infer<typeof FlowBundleCaptions>;
export type FlowBundleAsset = z.infer<typeof FlowBundleAsset>;
export type FlowBundleImportedAsset = z.infer<typeof FlowBundleImportedAsset>;
export type FlowBundleImportResult = z.infer<typeof FlowBundleImportResult>;
