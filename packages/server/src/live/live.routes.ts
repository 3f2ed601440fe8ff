import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { ServiceError } from '../errors/service-error.js';
import { scopeOf } from '../http/owner-auth.js';
import { type ApiRoute, defineRoute } from '../http/route.js';
import type { AnswersService } from '../answers/answers.service.js';
import type { AnswerFeed, AnswerFeedMessage } from './answer-feed.js';

export const PING_INTERVAL_MS = 20_000;

export interface LiveRouteOptions {
  /** How often a `: ping` comment keeps proxies from closing an idle stream; 20 s by default. */
  pingIntervalMs?: number;
  logError?: (message: string, error: unknown) => void;
}

/**
 * `GET /api/v1/answers/stream`: server-sent events for the caller's workspace. Must be registered before
 * `/api/v1/answers/:answerId`, which would otherwise take "stream" for an id.
 */
export function liveRoutes(answers: Pick<AnswersService, 'get'>, feed: AnswerFeed, options: LiveRouteOptions = {}): ApiRoute[] {
  const pingMs = options.pingIntervalMs ?? PING_INTERVAL_MS;
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/answers/stream',
      operationId: 'streamAnswers',
      summary: "Live updates of the workspace's answers (server-sent events)",
      description:
        'Messages: `event: answer` with `id: <answerId>` and `data: <AnswerItem JSON>` when a new answer arrives; ' +
        '`event: answer-updated` with `data: <AnswerItem JSON>` when one changes (its clip finished processing or failed, ' +
        'its transcript became ready or failed, its review state, tags, note or backlog item changed); a `: ping` comment ' +
        'every 20 s. Open it with `new EventSource("/api/v1/answers/stream")` (same origin, cookie) or with an API key. ' +
        'Updates come from the server process the stream is connected to.',
      tag: 'Answers',
      access: 'owner',
      responses: { 200: { description: 'An endless stream of server-sent events', contentType: 'text/event-stream' } },
      handler: ({ c }) => stream(c, answers, feed, pingMs, options.logError ?? (() => {})),
    }),
  ];
}

function stream(
  c: Context,
  answers: Pick<AnswersService, 'get'>,
  feed: AnswerFeed,
  pingMs: number,
  logError: (message: string, error: unknown) => void,
): Response {
  const scope = scopeOf(c);
  const response = streamSSE(c, async (sse) => {
    // Messages are written one after another, in the order they were published.
    let queue: Promise<unknown> = Promise.resolve();
    const enqueue = (write: () => Promise<unknown>) => {
      queue = queue.then(write).catch((error: unknown) => logError('live answer stream write failed', error));
    };
    const send = async ({ answerId, kind }: AnswerFeedMessage) => {
      if (sse.aborted || sse.closed) return;
      let item;
      try {
        // The caller's own scope: the feed is per workspace already, and this makes sure of it.
        item = await answers.get(scope, answerId);
      } catch (error) {
        if (error instanceof ServiceError) return; // gone meanwhile (erased), or not the caller's: nothing to say
        throw error;
      }
      await sse.writeSSE({ event: kind, data: JSON.stringify(item), ...(kind === 'answer' ? { id: answerId } : {}) });
    };
    const closed = new Promise<void>((resolve) => {
      sse.onAbort(resolve);
      c.req.raw.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    const unsubscribe = feed.subscribe(scope.workspaceId, (message) => enqueue(() => send(message)));
    const ping = setInterval(() => enqueue(() => sse.write(': ping\n\n')), pingMs);
    try {
      // A first line right away, so the client (and any proxy) sees the stream open.
      await sse.write(': connected\n\n');
      await closed;
    } finally {
      clearInterval(ping);
      unsubscribe();
    }
  });
  // No caching, no transforming (compression would hold messages back), no proxy buffering (nginx).
  response.headers.set('Cache-Control', 'no-cache, no-transform');
  response.headers.set('X-Accel-Buffering', 'no');
  return response;
}
