// The workspace's webhooks (admins, #6): endpoints, their signing secret (answered once, on create and rotate),
// the delivery log with replay, and a test ping. Types from @reelback/shared (types only: no zod here).
import type { Webhook, WebhookCreate, WebhookDelivery, WebhookDeliveryList, WebhookUpdate, WebhookWithSecret } from '@reelback/shared';
import type { ApiClient } from '../api/api-client.js';

const PATH = '/workspace/webhooks';
const one = (webhookId: string) => `${PATH}/${encodeURIComponent(webhookId)}`;

export async function listWebhooks(api: ApiClient): Promise<Webhook[]> {
  return (await api.get<{ webhooks: Webhook[] }>(PATH)).webhooks;
}

/** A refusal is an `ApiProblem` whose `issues` name the field (`url`, `eventTypes`). */
export async function createWebhook(api: ApiClient, body: WebhookCreate): Promise<WebhookWithSecret> {
  return (await api.send<WebhookWithSecret>('POST', PATH, body))!;
}

/** With `rotateSecret: true` the answer carries the new `secret`, this once. */
export async function updateWebhook(api: ApiClient, webhookId: string, patch: WebhookUpdate): Promise<Webhook | WebhookWithSecret> {
  return (await api.send<Webhook | WebhookWithSecret>('PATCH', one(webhookId), patch))!;
}

export async function deleteWebhook(api: ApiClient, webhookId: string): Promise<void> {
  await api.send('DELETE', one(webhookId));
}

/** Newest first; `before` is the previous page's `nextCursor`. */
export function listDeliveries(api: ApiClient, webhookId: string, before: string | null = null, limit = 20): Promise<WebhookDeliveryList> {
  const query = new URLSearchParams({ limit: String(limit) });
  if (before) query.set('before', before);
  return api.get<WebhookDeliveryList>(`${one(webhookId)}/deliveries?${query}`);
}

/** Queued again (202): the delivery as it is now. 409 while it is still being tried or the webhook is disabled. */
export async function replayDelivery(api: ApiClient, webhookId: string, deliveryId: string): Promise<WebhookDelivery> {
  return (await api.send<WebhookDelivery>('POST', `${one(webhookId)}/deliveries/${encodeURIComponent(deliveryId)}/replay`))!;
}

/** Queues a `reelback.webhook.test` ping (202): its delivery. */
export async function sendTest(api: ApiClient, webhookId: string): Promise<WebhookDelivery> {
  return (await api.send<WebhookDelivery>('POST', `${one(webhookId)}/test`))!;
}
