import { FlowId, SessionId, SessionList, SessionRecord, StartSessionRequest, StartSessionResponse } from '@reelback/shared';
import * as z from 'zod';
import type { AddressBudget, Budget } from '../http/address-budget.js';
import { scopeOf } from '../http/owner-auth.js';
import { type ApiRoute, defineRoute } from '../http/route.js';
import type { SessionsService } from './sessions.service.js';

const tag = 'Sessions';

export const SessionListQuery = z.object({
  flowId: FlowId.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).max(512).optional(),
});

/**
 * Session starts one client address may make: 120 a minute, a viewer a second from behind one NAT, with bursts.
 * Each start writes a row; a script making thousands would fill the database and the analytics with nothing.
 */
export const DEFAULT_SESSION_START_BUDGET: Budget = { points: 120, durationSeconds: 60 };

/** `startBudget`: null lifts the limit (benchmarks, tests that start hundreds of sessions from one address). */
export function sessionsRoutes(sessions: SessionsService, startBudget: AddressBudget | null): ApiRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/sessions',
      operationId: 'startSession',
      summary: 'Start a viewer session on a published flow version',
      description:
        'The version defaults to the latest published one and stays fixed for the session. ' +
        'Send a client-made `sessionId` to make retries safe: repeating the same start answers 200 with the same session.',
      tag,
      access: 'public',
      body: { schema: StartSessionRequest },
      responses: {
        201: { description: 'The new session', schema: StartSessionResponse },
        200: { description: 'The session this `sessionId` started earlier', schema: StartSessionResponse },
        404: { description: 'No such flow or version, or the flow is not published' },
        409: { description: 'The `sessionId` is taken by a session of another flow or version' },
        429: { description: 'This address started too many sessions (`rate-limited`, 120 a minute by default); see Retry-After' },
      },
      handler: async ({ body, c }) => {
        const start = async () => {
          const { created, session } = await sessions.start(body);
          return c.json(session, created ? 201 : 200);
        };
        return startBudget ? startBudget.run(c, start) : start();
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/sessions',
      operationId: 'listSessions',
      summary: 'Sessions newest first, each with its events in order',
      description: 'Pass the `nextCursor` of a page as `cursor` to get the next one; it is `null` on the last page.',
      tag,
      access: 'owner',
      query: SessionListQuery,
      responses: { 200: { description: 'A page of sessions', schema: SessionList }, 404: { description: 'No such flow' } },
      handler: async ({ query, c }) => c.json(await sessions.list(scopeOf(c), query), 200),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/sessions/:sessionId',
      operationId: 'getSession',
      summary: 'One session with its events in order',
      tag,
      access: 'owner',
      params: z.object({ sessionId: SessionId }),
      responses: { 200: { description: 'The session', schema: SessionRecord }, 404: { description: 'No such session' } },
      handler: async ({ params, c }) => c.json(await sessions.get(scopeOf(c), params.sessionId), 200),
    }),
  ];
}
