import * as z from 'zod';
import { type ApiRoute, defineRoute } from '../http/route.js';
import type { Storage } from '../ports/storage.js';

export const HealthStatus = z.object({
  status: z.enum(['ok', 'ready', 'unavailable']),
  reason: z.string().optional(),
});

const tag = 'Health';

/** `/healthz` for "restart me if this fails", `/readyz` for "send me traffic". */
export function healthRoutes(storage: Storage): ApiRoute[] {
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
      summary: 'The database is reachable and migrated',
      tag,
      access: 'public',
      responses: {
        200: { description: 'Ready', schema: HealthStatus },
        503: { description: 'Not ready, with the reason', schema: HealthStatus },
      },
      handler: async ({ c }) => {
        c.header('Cache-Control', 'no-store');
        const health = await storage.health();
        return health.ok ? c.json({ status: 'ready' as const }, 200) : c.json({ status: 'unavailable' as const, reason: health.reason }, 503);
      },
    }),
  ];
}
