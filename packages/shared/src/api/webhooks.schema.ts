import * as z from 'zod';
// WEBHOOK_EVENT_TYPES (viewer and server event types) sits with the other plain constants, for the dashboard.
import { WEBHOOK_EVENT_TYPES } from '../events/event-types.js';

export const WebhookEventType = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

/** The type of the ping `POST /workspace/webhooks/:webhookId/test` sends (never stored, never streamed). */
export const WEBHOOK_TEST_EVENT_TYPE = 'reelback.webhook.test';

/** What an endpoint subscribes to: event types, or `*` for all of them. */
export const WebhookEventTypes = z
  .array(z.union([WebhookEventType, z.literal('*')], { message: `each event type must be "*" or one of ${WEBHOOK_EVENT_TYPES.join(', ')}` }))
  .min(1, { message: 'name at least one event type (or "*")' })
  .max(WEBHOOK_EVENT_TYPES.length + 1)
  .transform((types) => (types.includes('*') ? ['*' as const] : [...new Set(types)]));

const WebhookUrl = z
  .string()
  .max(2000)
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '';
      } catch {
        return false;
      }
    },
    { message: 'the url must be an absolute http:// or https:// URL without user name or password' },
  );

export const WebhookCreate = z.object({
  url: WebhookUrl,
  eventTypes: WebhookEventTypes,
  description: z.string().trim().max(500).optional(),
});
export type WebhookCreate = z.infer<typeof WebhookCreate>;

export const WebhookUpdate = z
  .object({
    url: WebhookUrl.optional(),
    eventTypes: WebhookEventTypes.optional(),
    description: z.string().trim().max(500).optional(),
    /** `true` enables a disabled endpoint again (clearing its reason); `false` stops deliveries. */
    enabled: z.boolean().optional(),
    /** `true`: a new secret, answered once in `secret`; the old one stops signing at once. */
    rotateSecret: z.boolean().optional(),
  })
  .strict();
export type WebhookUpdate = z.infer<typeof WebhookUpdate>;

export const Webhook = z.object({
  id: z.string(),
  url: z.string(),
  eventTypes: z.array(z.union([WebhookEventType, z.literal('*')])),
  description: z.string(),
  enabled: z.boolean(),
  /** Why the server disabled it (410 Gone, retries exhausted), or null. Also null when an admin disabled it. */
  disabledReason: z.string().nullable(),
  disabledAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Webhook = z.infer<typeof Webhook>;

/** Create and rotate answer the secret once; it is stored encrypted and never shown again. */
export const WebhookWithSecret = Webhook.extend({ secret: z.string().startsWith('whsec_') });
export type WebhookWithSecret = z.infer<typeof WebhookWithSecret>;

export const WebhookList = z.object({ webhooks: z.array(Webhook) });
export type WebhookList = z.infer<typeof WebhookList>;

export const WebhookAttempt = z.object({
  /** 1 for the first try of a delivery, counting on through retries and replays. */
  attempt: z.number().int().positive(),
  at: z.iso.datetime(),
  /** The receiver's HTTP status, or null when none came (timeout, refused connection, refused address). */
  statusCode: z.number().int().nullable(),
  /** Why the attempt failed, or null when it succeeded. */
  error: z.string().nullable(),
  durationMs: z.number().int().nonnegative(),
  /** When the next try is due, or null (delivered, or given up). */
  nextRetryAt: z.iso.datetime().nullable(),
});
export type WebhookAttempt = z.infer<typeof WebhookAttempt>;

export const WebhookDeliveryStatus = z.enum(['pending', 'delivered', 'failed']);

export const WebhookDelivery = z.object({
  id: z.string(),
  /** The event's id, sent as `webhook-id` on every attempt (receivers drop duplicates by it). */
  eventId: z.string(),
  eventType: z.string(),
  status: WebhookDeliveryStatus,
  /** Why it stopped without success (the last attempt's error, or the endpoint was disabled). */
  lastError: z.string().nullable(),
  createdAt: z.iso.datetime(),
  deliveredAt: z.iso.datetime().nullable(),
  nextAttemptAt: z.iso.datetime().nullable(),
  attempts: z.array(WebhookAttempt),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const WebhookDeliveryList = z.object({
  deliveries: z.array(WebhookDelivery),
  /** Pass as `before` for the next (older) page; null at the end. */
  nextCursor: z.string().nullable(),
});
export type WebhookDeliveryList = z.infer<typeof WebhookDeliveryList>;
