/// <reference path="./media-captions.d.ts" />
import type { MediaAssetCaptionsEdit, TranscriptSegment } from '@reelback/shared';
import { parseText } from 'media-captions';
import { ServiceError } from '../errors/service-error.js';

/** Cue markup (`<b>`, `<c.x>`, `<00:01.000>`) and entities are dropped: captions are stored as plain text, escaped on output. */
const plain = (text: string) =>
  text
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .trim();

const invalid = (message: string, path: (string | number)[]) => new ServiceError('unprocessable', 'captions-invalid', message, [{ path, message }]);

/**
 * An owner's captions as cues: edited segments as they are (checked), or a `.vtt`/`.srt` file's text parsed by
 * media-captions (strict: a file that is not WebVTT/SRT is refused with the line at fault, not half read).
 */
export async function captionSegments(edit: MediaAssetCaptionsEdit, durationSeconds: number | null): Promise<TranscriptSegment[]> {
  let segments: TranscriptSegment[];
  if ('segments' in edit) {
    segments = edit.segments;
  } else {
    try {
      const parsed = await parseText(edit.text.replace(/^\uFEFF/, ''), { type: edit.format, strict: true });
      segments = parsed.cues.map((cue) => ({ start: cue.startTime, end: cue.endTime, text: plain(cue.text) }));
    } catch (error) {
      const line = (error as { line?: unknown }).line;
      const where = typeof line === 'number' ? ` (line ${line})` : '';
      throw invalid(`This is not a ${edit.format === 'vtt' ? 'WebVTT' : 'SRT'} file: ${error instanceof Error ? error.message : String(error)}${where}.`, ['text']);
    }
    if (segments.length === 0) throw invalid(`No cues were found in this ${edit.format === 'vtt' ? 'WebVTT' : 'SRT'} file.`, ['text']);
  }
  segments.forEach((s, i) => {
    const path = 'segments' in edit ? ['segments', i] : ['text'];
    if (s.end < s.start) throw invalid(`Cue ${i + 1} ends (${s.end} s) before it starts (${s.start} s).`, path);
    if (durationSeconds !== null && s.start > durationSeconds + 1) {
      throw invalid(`Cue ${i + 1} starts at ${s.start} s, after the end of the media (${durationSeconds.toFixed(1)} s).`, path);
    }
  });
  return segments;
}
