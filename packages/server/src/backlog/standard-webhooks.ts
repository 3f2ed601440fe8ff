import { createHmac, randomBytes, randomUUID } from 'node:crypto';

/**
 * Signing per Standard Webhooks (https://www.standardwebhooks.com): the receiver gets `webhook-id`,
 * `webhook-timestamp` (Unix seconds) and `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, the
 * key being the base64 part of a `whsec_` secret. Any Standard Webhooks library (e.g. `standardwebhooks` on npm,
 * `svix`) verifies it.
 */

export const WEBHOOK_SECRET_PREFIX = 'whsec_';
/** Below this the key is too short to trust; the spec recommends 24–64 random bytes. */
const MIN_SECRET_BYTES = 16;

export interface WebhookSignatureHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** A new secret: `whsec_` + 32 random bytes in base64. */
export function generateWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/** A message id: the same for every retry of one delivery, so receivers can drop duplicates. */
export function newWebhookId(): string {
  return `msg_${randomUUID()}`;
}

/**
 * The HMAC key of a `whsec_<base64>` secret (the prefix is optional, as in the reference libraries), or a thrown
 * `Error` saying what is wrong with it.
 */
export function webhookKey(secret: string): Buffer {
  const encoded = secret.trim().startsWith(WEBHOOK_SECRET_PREFIX) ? secret.trim().slice(WEBHOOK_SECRET_PREFIX.length) : secret.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) {
    throw new Error('the webhook secret must be "whsec_" followed by base64');
  }
  const key = Buffer.from(encoded, 'base64');
  if (key.length < MIN_SECRET_BYTES) throw new Error(`the webhook secret is too short: ${key.length} bytes, at least ${MIN_SECRET_BYTES} needed`);
  return key;
}

/** `v1,<base64 signature>` of one message. `timestamp` in Unix seconds; `body` exactly as sent. */
export function signWebhook(secret: string | Buffer, id: string, timestamp: number, body: string): string {
  if (id.includes('.')) throw new Error('a webhook id cannot contain "."'); // it would blur the signed "id.timestamp.body"
  const key = typeof secret === 'string' ? webhookKey(secret) : secret;
  const signature = createHmac('sha256', key).update(`${id}.${Math.floor(timestamp)}.${body}`, 'utf8').digest('base64');
  return `v1,${signature}`;
}

/** The three headers for a delivery of `body`. */
export function webhookHeaders(
  secret: string | Buffer,
  body: string,
  options: { id?: string; now?: Date } = {},
): WebhookSignatureHeaders {
  const id = options.id ?? newWebhookId();
  const timestamp = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signWebhook(secret, id, timestamp, body),
  };
}
