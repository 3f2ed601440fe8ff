import { ClipId, TranscriptEdit, TranscriptInfo, TranscriptSearchHit } from '@reelback/shared';
import * as z from 'zod';
import { scopeOf } from '../http/owner-auth.js';
import { type ApiRoute, defineRoute } from '../http/route.js';
import type { TranscriptionService } from './transcription.service.js';

const tag = 'Transcripts';
const clipParams = z.object({ clipId: ClipId });

export function transcriptsRoutes(transcription: TranscriptionService): ApiRoute[] {
  const subtitles = (format: 'vtt' | 'srt', contentType: string) =>
    defineRoute({
      method: 'get',
      path: `/api/v1/clips/:clipId/transcript.${format}`,
      operationId: format === 'vtt' ? 'getTranscriptWebVtt' : 'getTranscriptSrt',
      summary: format === 'vtt' ? 'The transcript as WebVTT captions' : 'The transcript as SRT subtitles',
      tag,
      access: 'owner',
      params: clipParams,
      responses: { 200: { description: 'Captions, one cue per segment', contentType }, 404: { description: 'No such clip, or no transcript yet' } },
      handler: async ({ params, c }) =>
        c.body(await transcription.export(scopeOf(c), params.clipId, format), 200, {
          'Content-Type': contentType,
          'Content-Disposition': `attachment; filename="${params.clipId}.${format}"`,
        }),
    });
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/clips/:clipId/transcript',
      operationId: 'getTranscript',
      summary: "A clip's transcript: status, engine, timed segments, the original when edited, and its job",
      tag,
      access: 'owner',
      params: clipParams,
      responses: { 200: { description: 'The transcript', schema: TranscriptInfo }, 404: { description: 'No such clip, or it has no transcript' } },
      handler: async ({ params, c }) => c.json(await transcription.get(scopeOf(c), params.clipId), 200),
    }),
    defineRoute({
      method: 'put',
      path: '/api/v1/clips/:clipId/transcript',
      operationId: 'editTranscript',
      summary: "Correct a transcript's segments; the engine's version is kept as `original`",
      tag,
      access: 'owner',
      params: clipParams,
      body: { schema: TranscriptEdit },
      responses: {
        200: { description: 'The edited transcript', schema: TranscriptInfo },
        404: { description: 'No such clip or transcript' },
        409: { description: 'The transcript is not ready yet' },
        422: { description: 'A segment ends before it starts' },
      },
      handler: async ({ params, body, c }) => c.json(await transcription.edit(scopeOf(c), params.clipId, body.segments), 200),
    }),
    subtitles('vtt', 'text/vtt; charset=utf-8'),
    subtitles('srt', 'application/x-subrip; charset=utf-8'),
    defineRoute({
      method: 'get',
      path: '/api/v1/transcripts/search',
      operationId: 'searchTranscripts',
      summary: 'Full-text search over transcripts (every word must match; the last may be a prefix on SQLite)',
      tag,
      access: 'owner',
      query: z.object({ q: z.string().min(1).max(500), limit: z.coerce.number().int().min(1).max(100).default(20) }),
      responses: { 200: { description: 'Matching transcripts, best first', schema: z.object({ hits: z.array(TranscriptSearchHit) }) } },
      handler: async ({ query, c }) => c.json({ hits: await transcription.search(scopeOf(c), query.q, query.limit) }, 200),
    }),
  ];
}
