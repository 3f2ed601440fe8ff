import { EXPORT_TOTAL_HEADER } from '@reelback/shared';
import type { Context } from 'hono';
import type { Logger } from '../ports/logger.js';
import type { ExportStream } from './exports.service.js';

/** Streams an export: the next batch is read only when the client has taken the previous one (pull). */
export function sendExport(c: Context, exported: ExportStream, logError: Logger): Response {
  const iterator = exported.chunks[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        for (;;) {
          const next = await iterator.next();
          if (next.done) return controller.close();
          if (next.value.length > 0) return controller.enqueue(typeof next.value === 'string' ? encoder.encode(next.value) : next.value);
        }
      } catch (error) {
        // The status line is gone already: the client sees a body cut short (fewer rows than X-Total-Count).
        logError('export failed while streaming', error);
        controller.error(error);
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  return c.body(body, 200, {
    'Content-Type': exported.contentType,
    'Content-Disposition': `attachment; filename="${exported.filename}"`,
    [EXPORT_TOTAL_HEADER]: String(exported.total),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    // Proxies (nginx) would otherwise hold the body back, and the progress with it.
    'X-Accel-Buffering': 'no',
  });
}
