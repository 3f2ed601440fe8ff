import { AnswerItem } from '@reelback/shared';
import * as z from 'zod';
import { scopeOf } from '../http/owner-auth.js';
import { type ApiRoute, defineRoute } from '../http/route.js';
import { BacklogError } from './backlog-tracker.js';
import { BacklogItemRequest, TrackerCheck, TrackerConfigUpdate, TrackerFailedError, TrackerSettings } from './backlog.schemas.js';
import { publicBaseUrl } from '../http/public-base-url.js';
import type { BacklogService } from './backlog.service.js';

const AnswerIdParams = z.object({ answerId: z.string().min(1).max(200) });

export function backlogRoutes(backlog: BacklogService, publicUrl: string | null = null): ApiRoute[] {
  const settings = { tag: 'Backlog', access: 'owner' as const, minRole: 'admin' as const };
  return [
    defineRoute({
      ...settings,
      method: 'get',
      path: '/api/v1/workspace/tracker',
      operationId: 'getTracker',
      summary: "The workspace's backlog tracker settings, its secret redacted",
      responses: { 200: { description: 'The settings, or `tracker: null` when none are set', schema: TrackerSettings } },
      handler: async ({ c }) => c.json(await backlog.getTracker(scopeOf(c)), 200),
    }),
    defineRoute({
      ...settings,
      method: 'put',
      path: '/api/v1/workspace/tracker',
      operationId: 'putTracker',
      summary: "Sets the workspace's backlog tracker (GitHub, Jira, Linear or a signed webhook)",
      description:
        'The secret (`token`, `apiToken`, `apiKey` or `secret`) is stored encrypted (AES-256-GCM). Leave it out, or send ' +
        'the redacted value `GET` showed, to keep the stored one; that works only while the kind stays the same.',
      body: { schema: TrackerConfigUpdate },
      responses: { 200: { description: 'The settings as stored, secret redacted', schema: TrackerSettings } },
      handler: async ({ body, c }) => c.json(await backlog.putTracker(scopeOf(c), c.var.caller, body), 200),
    }),
    defineRoute({
      ...settings,
      method: 'delete',
      path: '/api/v1/workspace/tracker',
      operationId: 'deleteTracker',
      summary: "Removes the workspace's backlog tracker settings",
      responses: { 204: { description: 'Gone (or there were none)' } },
      handler: async ({ c }) => {
        await backlog.deleteTracker(scopeOf(c), c.var.caller);
        return c.body(null, 204);
      },
    }),
    defineRoute({
      ...settings,
      method: 'post',
      path: '/api/v1/workspace/tracker/check',
      operationId: 'checkTracker',
      summary: 'Tests the connection: one read-only call to the tracker (the webhook is only checked, not called)',
      responses: {
        200: { description: '`ok`, or why items cannot be made and whether trying later may help', schema: TrackerCheck },
        409: { description: 'No tracker is set up (`no_tracker`)' },
      },
      handler: async ({ c }) => c.json(await backlog.checkTracker(scopeOf(c)), 200),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/answers/:answerId/backlog-item',
      operationId: 'createBacklogItem',
      summary: "Makes the answer an item in the workspace's tracker (once)",
      description:
        'The item has a title from the first sentence of the transcript or text, the words as a quote, flow, step, kind, ' +
        'tags as labels, and a link back to `/app/answers/<answerId>` (with `?t=<at>`). An answer that has an item ' +
        'already answers 200 with it and makes none. The base of the link is REELBACK_PUBLIC_URL, else the origin the request came to.',
      tag: 'Backlog',
      access: 'owner',
      minRole: 'owner',
      params: AnswerIdParams,
      body: { schema: BacklogItemRequest },
      responses: {
        200: { description: 'The answer had its item already: unchanged', schema: AnswerItem },
        201: { description: 'The item was made: the answer with its `backlogItem`', schema: AnswerItem },
        404: { description: 'No such answer' },
        409: { description: 'No tracker is set up (`no_tracker`), or this answer is being handed off right now (`backlog-item-pending`)' },
        502: {
          description: "The tracker refused or failed (`tracker_failed`): its message for the owner, whether to retry, and `Retry-After` when the tracker said",
          schema: TrackerFailedError,
        },
      },
      handler: async ({ params, body, c }) => {
        try {
          const { created, answer } = await backlog.createItem(scopeOf(c), params.answerId, {
            ...(body.at !== undefined ? { at: body.at } : {}),
            baseUrl: publicBaseUrl(publicUrl, c),
          });
          return c.json(answer, created ? 201 : 200);
        } catch (error) {
          if (!(error instanceof BacklogError)) throw error;
          if (error.retryAfterMs !== null) c.header('Retry-After', String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))));
          return c.json({ error: { code: 'tracker_failed', message: error.message, retryable: error.retryable } }, 502);
        }
      },
    }),
  ];
}
