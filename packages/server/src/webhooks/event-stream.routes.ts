import { type ReelbackEvent, WEBHOOK_EVENT_TYPES } from '@reelback/shared';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import * as z from 'zod';
import { ServiceError } from '../errors/service-error.js';
import { scopeOf } from '../http/owner-auth.js';
import { type ApiRoute, defineRoute } from '../http/route.js';
import type { Scope } from '../ports/store-types.js';
import type { StoredEventBus } from './event-bus.js';
import type { WebhookStore } from '../ports/webhook-store.js';

const PAGE = 500;

const StreamQuery = z.object({
  types: z.string().max(2000).optional(),
  /** For clients that cannot set the `Last-Event-ID` header; the header wins. */
  lastEventId: z.string().max(200).optional(),
});

export interface EventStreamOptions {
  pingIntervalMs?: number;
  logError?: (message: string, error: unknown) => void;
}

/** `GET /api/v1/events/stream`: the workspace's stored events as server-sent events, resumable. */
export function eventStreamRoutes(store: Pick<WebhookStore, 'resumePointOf' | 'eventsAfter'>, bus: StoredEventBus, options: EventStreamOptions = {}): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/events/stream',
      operationId: 'streamEvents',
      summary: "The workspace's events as they are stored (server-sent events), the same CloudEvents webhooks get",
      description:
        'Each message: `event: <type>`, `id: <event id>`, `data: <CloudEvent JSON>`. `types` (comma-separated) keeps only those types. ' +
        'A client that reconnects with `Last-Event-ID` (EventSource does so by itself) first gets every stored event after that one, ' +
        'in the order the server stored them, then the live ones: nothing is missed. On PostgreSQL an event committed at about the same ' +
        'time as that one may come again (it could have committed after it): drop repeats by id. An id the workspace does not have gets a ' +
        '`: unknown Last-Event-ID` comment and live events only. A `: ping` comment every 20 s. Live events come from the server ' +
        'process the stream is connected to.',
      tag: 'Events',
      access: 'owner',
      query: StreamQuery,
      responses: {
        200: { description: 'An endless stream of server-sent events', contentType: 'text/event-stream' },
        400: { description: 'An unknown event type in `types`' },
      },
      handler: ({ query, c }) => {
        const types = parseTypes(query.types);
        const lastEventId = c.req.header('last-event-id') ?? query.lastEventId;
        return stream(c, scopeOf(c), store, bus, types, lastEventId?.trim() || undefined, options);
      },
    }),
  ];
}

function parseTypes(raw: string | undefined): Set<string> | null {
  if (raw === undefined || raw.trim() === '' || raw.trim() === '*') return null;
  const types = raw.split(',').map((t) => t.trim()).filter((t) => t !== '');
  const unknown = types.filter((t) => !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(t));
  if (unknown.length > 0) {
    throw new ServiceError('invalid', 'unknown-event-type', `Unknown event type: ${unknown.join(', ')}; known: ${WEBHOOK_EVENT_TYPES.join(', ')}`, [
      { path: ['types'], message: `unknown event type ${unknown[0]}` },
    ]);
  }
  return new Set(types);
}

function stream(
  c: Context,
  scope: Scope,
  store: Pick<WebhookStore, 'resumePointOf' | 'eventsAfter'>,
  bus: StoredEventBus,
  types: Set<string> | null,
  lastEventId: string | undefined,
  options: EventStreamOptions,
): Response {
  const logError = options.logError ?? (() => {});
  const response = streamSSE(c, async (sse) => {
    let writes: Promise<unknown> = Promise.resolve();
    const enqueue = (write: () => Promise<unknown>) => {
      writes = writes.then(write).catch((error: unknown) => logError('event stream write failed', error));
      return writes;
    };
    const send = (event: ReelbackEvent) =>
      enqueue(async () => {
        if (!sse.aborted && !sse.closed) await sse.writeSSE({ event: event.type, id: event.id, data: JSON.stringify(event) });
      });
    const wanted = (event: ReelbackEvent) => types === null || types.has(event.type);

    // Live events are held until the stored ones after Last-Event-ID are out, then those already sent are skipped.
    let held: ReelbackEvent[] | null = [];
    const unsubscribe = bus.subscribe(scope.workspaceId, (events) => {
      for (const event of events) {
        if (!wanted(event)) continue;
        if (held) held.push(event);
        else void send(event);
      }
    });
    const closed = new Promise<void>((resolve) => {
      sse.onAbort(resolve);
      c.req.raw.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    const ping = setInterval(() => void enqueue(() => sse.write(': ping\n\n')), options.pingIntervalMs ?? 20_000);
    try {
      await enqueue(() => sse.write(': connected\n\n'));
      const sent = new Set<string>();
      if (lastEventId !== undefined) {
        // On PostgreSQL seq is not commit order: an event with a smaller seq than Last-Event-ID's may have committed
        // after it, so the replay also re-reads the events whose transactions were open when that one was written
        // (the store's resume point). Those the client had before it disconnected come again: ids tell them apart.
        const from = await store.resumePointOf(scope, lastEventId);
        if (from === undefined) await enqueue(() => sse.write(': unknown Last-Event-ID; live events only\n\n'));
        let pageAfter: string | null = null;
        while (from !== undefined && !sse.aborted) {
          const page = await store.eventsAfter(scope, from, pageAfter, types === null ? [] : [...types], PAGE);
          for (const row of page) {
            if (row.event.id === lastEventId || sent.has(row.event.id)) continue;
            sent.add(row.event.id);
            await send(row.event);
          }
          if (page.length < PAGE) break;
          pageAfter = page[page.length - 1]!.seq;
        }
      }
      const waiting = held;
      held = null;
      for (const event of waiting) if (!sent.has(event.id)) void send(event);
      await closed;
    } finally {
      clearInterval(ping);
      unsubscribe();
    }
  });
  response.headers.set('Cache-Control', 'no-cache, no-transform');
  response.headers.set('X-Accel-Buffering', 'no');
  return response;
}
