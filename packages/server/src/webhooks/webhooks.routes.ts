import { Webhook, WebhookCreate, WebhookDelivery, WebhookDeliveryList, WebhookList, WebhookUpdate, WebhookWithSecret } from '@reelback/shared';
import * as z from 'zod';
import { scopeOf } from '../http/owner-auth.js';
import { type ApiRoute, defineRoute } from '../http/route.js';
import type { WebhooksService } from './webhooks.service.js';

const WebhookParams = z.object({ webhookId: z.string().min(1).max(100) });
const DeliveryParams = WebhookParams.extend({ deliveryId: z.string().min(1).max(100) });
const DeliveryQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  before: z.string().min(1).max(100).optional(),
});

/** Workspace webhooks, admin only. */
export function webhooksRoutes(webhooks: WebhooksService): ApiRoute[] {
  const settings = { tag: 'Webhooks', access: 'owner' as const, minRole: 'admin' as const };
  return [
    defineRoute({
      ...settings,
      method: 'post',
      path: '/api/v1/workspace/webhooks',
      operationId: 'createWebhook',
      summary: 'Adds a webhook: the workspace\'s events of the chosen types, POSTed as CloudEvents signed per Standard Webhooks',
      description:
        'Each event is one delivery with `webhook-id` = the event id (the same on every retry and replay), `webhook-timestamp` and ' +
        '`webhook-signature: v1,<base64 HMAC-SHA256>`; the body is the CloudEvent JSON. A 2xx is success; anything else (or no answer ' +
        'within 10 s) is retried after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 6 h (longer when `Retry-After` says so), within 24 h; ' +
        'then the webhook is disabled with its reason. 410 Gone disables it at once. Redirects are not followed. Private and loopback ' +
        'addresses are refused unless REELBACK_WEBHOOKS_ALLOW_PRIVATE=1. The `whsec_` secret is in this answer only.',
      body: { schema: WebhookCreate },
      responses: {
        201: { description: 'The webhook, with its secret (shown this once)', schema: WebhookWithSecret },
        400: { description: 'A bad url (or a private address), or an unknown event type' },
      },
      handler: async ({ body, c }) => c.json(await webhooks.create(scopeOf(c), c.var.caller, body), 201),
    }),
    defineRoute({
      ...settings,
      method: 'get',
      path: '/api/v1/workspace/webhooks',
      operationId: 'listWebhooks',
      summary: "The workspace's webhooks (secrets never shown)",
      responses: { 200: { description: 'Oldest first', schema: WebhookList } },
      handler: async ({ c }) => c.json(await webhooks.list(scopeOf(c)), 200),
    }),
    defineRoute({
      ...settings,
      method: 'get',
      path: '/api/v1/workspace/webhooks/:webhookId',
      operationId: 'getWebhook',
      summary: 'One webhook, with why the server disabled it (`disabledReason`) if it did',
      params: WebhookParams,
      responses: { 200: { description: 'The webhook', schema: Webhook }, 404: { description: 'No such webhook' } },
      handler: async ({ params, c }) => c.json(await webhooks.get(scopeOf(c), params.webhookId), 200),
    }),
    defineRoute({
      ...settings,
      method: 'patch',
      path: '/api/v1/workspace/webhooks/:webhookId',
      operationId: 'updateWebhook',
      summary: 'Changes url, event types or description; enables or disables; rotates the secret',
      description: '`enabled: true` clears `disabledReason`. `rotateSecret: true` answers the new `secret` once; the old one signs no more.',
      params: WebhookParams,
      body: { schema: WebhookUpdate },
      responses: {
        200: { description: 'The webhook (with `secret` when it was rotated)', schema: z.union([WebhookWithSecret, Webhook]) },
        400: { description: 'A bad field' },
        404: { description: 'No such webhook' },
      },
      handler: async ({ params, body, c }) => c.json(await webhooks.update(scopeOf(c), c.var.caller, params.webhookId, body), 200),
    }),
    defineRoute({
      ...settings,
      method: 'delete',
      path: '/api/v1/workspace/webhooks/:webhookId',
      operationId: 'deleteWebhook',
      summary: 'Removes a webhook and its delivery log',
      params: WebhookParams,
      responses: { 204: { description: 'Gone' }, 404: { description: 'No such webhook' } },
      handler: async ({ params, c }) => {
        await webhooks.delete(scopeOf(c), c.var.caller, params.webhookId);
        return c.body(null, 204);
      },
    }),
    defineRoute({
      ...settings,
      method: 'get',
      path: '/api/v1/workspace/webhooks/:webhookId/deliveries',
      operationId: 'listWebhookDeliveries',
      summary: 'The delivery log: each delivery (newest first) with every attempt — time, status code or error, duration, next retry',
      params: WebhookParams,
      query: DeliveryQuery,
      responses: { 200: { description: 'A page of deliveries', schema: WebhookDeliveryList }, 404: { description: 'No such webhook' } },
      handler: async ({ params, query, c }) => c.json(await webhooks.deliveries(scopeOf(c), params.webhookId, query), 200),
    }),
    defineRoute({
      ...settings,
      method: 'post',
      path: '/api/v1/workspace/webhooks/:webhookId/deliveries/:deliveryId/replay',
      operationId: 'replayWebhookDelivery',
      summary: 'Sends a delivery again (same `webhook-id`), as a new round of tries',
      params: DeliveryParams,
      responses: {
        202: { description: 'Queued: the delivery as it is now', schema: WebhookDelivery },
        404: { description: 'No such webhook or delivery' },
        409: { description: 'The delivery is still being tried (`delivery-pending`), or the webhook is disabled (`webhook-disabled`)' },
      },
      handler: async ({ params, c }) => c.json(await webhooks.replay(scopeOf(c), params.webhookId, params.deliveryId), 202),
    }),
    defineRoute({
      ...settings,
      method: 'post',
      path: '/api/v1/workspace/webhooks/:webhookId/test',
      operationId: 'testWebhook',
      summary: 'Sends a `reelback.webhook.test` ping (signed, retried and logged like any delivery)',
      params: WebhookParams,
      responses: {
        202: { description: 'Queued: the ping\'s delivery', schema: WebhookDelivery },
        404: { description: 'No such webhook' },
        409: { description: 'The webhook is disabled (`webhook-disabled`)' },
      },
      handler: async ({ params, c }) => c.json(await webhooks.test(scopeOf(c), params.webhookId), 202),
    }),
  ];
}
