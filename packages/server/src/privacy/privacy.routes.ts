import { SessionId } from '@reelback/shared';
import * as z from 'zod';
import { scopeOf } from '../http/owner-auth.js';
import { type ApiRoute, defineRoute } from '../http/route.js';
import type { PrivacyService } from './privacy.service.js';

export const ErasedCounts = z.object({
  sessions: z.number().int().min(0),
  clips: z.number().int().min(0),
  transcripts: z.number().int().min(0),
  blobs: z.number().int().min(0).describe('Stored media files of the deleted clips'),
});

export const EraseByEmailRequest = z.object({
  email: z.string().trim().min(1).max(500).describe('Compared trimmed and case-insensitively with contact answers'),
});

const removes =
  'Removes the session with its events (answers), clips, transcripts and their search index, each clip\'s stored media ' +
  'and any upload still in progress. Files go first, then the rows in one transaction: if the call fails half-way, ' +
  'the session is still there and calling again finishes the deletion.';

export function privacyRoutes(privacy: PrivacyService): ApiRoute[] {
  return [
    defineRoute({
      method: 'delete',
      path: '/api/v1/sessions/:sessionId',
      operationId: 'deleteSession',
      summary: "Delete a viewer's session and everything recorded in it",
      description: removes,
      tag: 'Sessions',
      access: 'owner',
      params: z.object({ sessionId: SessionId }),
      responses: { 200: { description: 'What was deleted', schema: ErasedCounts }, 404: { description: 'No such session' } },
      handler: async ({ params, c }) => c.json(await privacy.deleteSession(scopeOf(c), c.var.caller, params.sessionId), 200),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/privacy/erase',
      operationId: 'eraseByEmail',
      summary: "Delete every session of the workspace whose contact answer gave this e-mail (a viewer's erasure request)",
      description: `${removes.replace('Removes the session', 'For each such session, removes it')} Answers zeros when no session matches.`,
      tag: 'Privacy',
      access: 'owner',
      minRole: 'admin',
      body: { schema: EraseByEmailRequest },
      responses: { 200: { description: 'What was deleted, summed over the sessions', schema: ErasedCounts } },
      handler: async ({ body, c }) => c.json(await privacy.eraseByEmail(scopeOf(c), c.var.caller, body.email), 200),
    }),
  ];
}
