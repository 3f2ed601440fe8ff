import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import type { BlobStore } from '../ports/blob-store.js';
import type { Clock } from '../ports/clock.js';
import type { JobContext } from '../ports/job-queue.js';
import { type Transcriber, TranscriberError } from '../ports/transcriber.js';
import { toWebVtt } from '../transcription/subtitle-formats.js';
import { waitForEngine } from '../transcription/wait-for-engine.js';
import { storeAssetText } from './asset-files.js';
import type { MediaAssetStore } from '../ports/media-asset-store.js';
import { wavKey } from './media-library-settings.js';

export const CaptionAssetPayload = z.object({ assetId: z.string().min(1) });

export interface CaptionAssetDeps {
  assets: MediaAssetStore;
  blobs: BlobStore;
  transcriber: Transcriber;
  clock: Clock;
  /** ISO 639-1, or `auto` (REELBACK_TRANSCRIBE_LANGUAGE). */
  language: string;
  /** How often a job waiting for a usable engine (e.g. a Whisper model) looks again. */
  waitForEngineMs: number;
  workDir: string;
  log?: (line: string) => void;
}

/**
 * An asset's machine captions, with the engines answers are transcribed with. Stored only while the captions are
 * still queued: an owner who uploaded their own meanwhile keeps theirs, and a job run twice stores them once.
 */
export class CaptionAssetJob {
  constructor(private readonly deps: CaptionAssetDeps) {}

  readonly handle = async (payload: unknown, context: JobContext): Promise<void> => {
    const { assetId } = CaptionAssetPayload.parse(payload);
    const { assets, blobs, transcriber, clock } = this.deps;
    const asset = await assets.get(assetId);
    if (!asset || asset.status !== 'ready' || asset.captions.status !== 'queued') return;
    await waitForEngine(transcriber, { intervalMs: this.deps.waitForEngineMs, signal: context.signal, log: this.deps.log, what: 'captions' });
    if (context.signal.aborted) throw new Error('stopped before making captions');
    try {
      const result = await blobs.withLocalFile(wavKey(assetId), (path) => transcriber.transcribe(path, { language: this.deps.language, signal: context.signal }));
      const scratch = join(this.deps.workDir, `${assetId}-captions`);
      await mkdir(scratch, { recursive: true });
      try {
        const file = await storeAssetText(blobs, assetId, join(scratch, 'captions.vtt'), 'captions', toWebVtt(result.segments));
        const now = clock.now().toISOString();
        await assets.update(
          assetId,
          {
            captions: {
              status: 'ready',
              file,
              source: 'machine',
              engine: result.engine,
              model: result.model,
              language: result.language,
              segments: result.segments,
              machineSegments: result.segments,
              error: null,
              updatedAt: now,
            },
            updatedAt: now,
          },
          { captionsStatus: ['queued'] },
        );
      } finally {
        await rm(scratch, { recursive: true, force: true });
      }
    } catch (error) {
      const final = error instanceof TranscriberError && !error.retryable;
      if ((final || context.isLastAttempt) && !context.signal.aborted) {
        const reason = error instanceof Error ? error.message : String(error);
        const now = clock.now().toISOString();
        await assets.update(assetId, { captions: { ...asset.captions, status: 'failed', error: reason, updatedAt: now }, updatedAt: now }, { captionsStatus: ['queued'] });
        // Trying again cannot help (a corrupt model, unreadable audio): the job ends here, with the reason stored.
        if (final) return;
      }
      throw error;
    }
  };
}
