import { FlowId, SessionId, SessionList, SessionRecord, StartSessionRequest, StartSessionResponse } from '@reelback/shared';
import * as z from 'zod';
import { scopeOf } from '../http/owner-auth.js';
import { type ApiRoute, defineRoute } from '../http/route.js';
import type { SessionsService } from './sessions.service.js';

const tag = 'Sessions';

export const SessionListQuery = z.object({
  flowId: FlowId.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).max(512).optional(),
});

export function sessionsRoutes(sessions: SessionsService): ApiRoute[] {
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
      },
      handler: async ({ body, c }) => {
        const { created, session } = await sessions.start(body);
        return c.json(session, created ? 201 : 200);
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
