import type { ServerEventOf, TranscriptionResult } from '@reelback/shared';
import { clipEvent } from '../clips/clip-events.js';
import type { ClipRecord } from '../ports/clip-store.js';
import type { SessionRecordRow } from '../ports/session-store.js';

/** `reelback.transcript.ready` for a transcript just made: the same fields whichever job made it (first or Whisper redo). */
export function transcriptReadyEvent(
  session: SessionRecordRow,
  clip: ClipRecord,
  at: Date,
  result: TranscriptionResult,
  processingSeconds: number,
): ServerEventOf<'reelback.transcript.ready'> {
  return clipEvent('reelback.transcript.ready', session, clip, at, {
    engine: result.engine,
    model: result.model,
    language: result.language,
    text: result.text,
    durationSeconds: result.durationSeconds,
    processingSeconds,
  });
}
