import * as z from 'zod';
import { type ApiRoute, defineRoute } from '../http/route.js';
import type { Storage } from '../ports/storage.js';
import type { Transcriber } from '../ports/transcriber.js';

export const HealthStatus = z.object({
  status: z.enum(['ok', 'ready', 'unavailable']),
  reason: z.string().optional(),
  /** Whether clips can be transcribed now; a missing model does not make the API unready, clips wait for it. */
  transcription: z.object({ engine: z.string().nullable(), ok: z.boolean(), reason: z.string().optional() }).optional(),
});

const tag = 'Health';

/** `/healthz` for "restart me if this fails", `/readyz` for "send me traffic". */
export function healthRoutes(storage: Storage, transcriber: Transcriber | null = null): ApiRoute[] {
  const transcription = async () => {
    if (!transcriber) return { engine: null, ok: false, reason: 'transcription is off' };
    const health = await transcriber.check();
    return health.ok ? { engine: transcriber.engine, ok: true } : { engine: transcriber.engine, ok: false, reason: health.reason };
  };
  return [
    defineRoute({
      method: 'get',
      path: '/healthz',
      operationId: 'getLiveness',
      summary: 'The process is up',
      tag,
      access: 'public',
      responses: { 200: { description: 'Up', schema: HealthStatus } },
      handler: ({ c }) => c.json({ status: 'ok' as const }, 200),
    }),
    defineRoute({
      method: 'get',
      path: '/readyz',
      operationId: 'getReadiness',
      summary: 'The database is reachable and migrated; says whether clips can be transcribed now',
      tag,
      access: 'public',
      responses: {
        200: { description: 'Ready', schema: HealthStatus },
        503: { description: 'Not ready, with the reason', schema: HealthStatus },
      },
      handler: async ({ c }) => {
        c.header('Cache-Control', 'no-store');
        const [health, transcribing] = await Promise.all([storage.health(), transcription()]);
        return health.ok
          ? c.json({ status: 'ready' as const, transcription: transcribing }, 200)
          : c.json({ status: 'unavailable' as const, reason: health.reason, transcription: transcribing }, 503);
      },
    }),
  ];
}
