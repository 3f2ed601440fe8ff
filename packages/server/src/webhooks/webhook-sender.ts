import { nonPublicRange, refusedUrlReason as refusedOutboundUrl } from '../outbound/address-policy.js';
import { type OutboundClient, sharedOutboundClient } from '../outbound/outbound-client.js';
import { OutboundError } from '../outbound/outbound-error.js';

/** What one POST to a receiver came to. */
export interface SendResult {
  /** The receiver's status, or null when none came. */
  statusCode: number | null;
  /** Why it is not a success (status, no answer, refused address); null on 2xx. Never holds what the receiver sent. */
  error: string | null;
  /** Seconds the receiver asked to wait (`Retry-After`), when it did. */
  retryAfterSeconds: number | null;
  durationMs: number;
}

export interface SenderOptions {
  timeoutMs: number;
  /** Let receivers on loopback, private and link-local addresses be called (tests, a receiver on the same host). */
  allowPrivate: boolean;
  /** The outbound client to send through; the process's shared one for `allowPrivate` by default. */
  client?: OutboundClient;
}

/** True for any address that is not public unicast (loopback, private, link-local, reserved, their IPv6 forms, …). */
export function isPrivateAddress(address: string): boolean {
  return nonPublicRange(address) !== null;
}

/**
 * Checks a receiver URL before it is stored: a literal non-public address or a localhost name is refused unless
 * allowed. Names are checked again at every delivery, after DNS (a name may point anywhere later).
 */
export function refusedUrlReason(value: string, allowPrivate: boolean): string | null {
  const reason = refusedOutboundUrl(value, allowPrivate);
  return reason === null ? null : `the url ${reason}`;
}

/** `Retry-After` as seconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now: Date): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/**
 * POSTs one signed body through the outbound client (addresses checked at connect time, connections reused).
 * Redirects are never followed (a 3xx is a failure); the whole exchange has `timeoutMs`; the answer's body is
 * drained and dropped, so nothing the receiver says ends up in the delivery log.
 */
export async function sendWebhook(url: string, body: string, headers: Record<string, string>, options: SenderOptions): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const client = options.client ?? sharedOutboundClient(options.allowPrivate);
  try {
    const answer = await client.post(url, body, { ...headers, 'content-type': 'application/json', 'user-agent': 'Reelback-Webhooks/1' }, { timeoutMs: options.timeoutMs });
    const status = answer.status;
    if (status >= 200 && status < 300) return { statusCode: status, error: null, retryAfterSeconds: null, durationMs: elapsed() };
    const retryAfter = answer.headers['retry-after'];
    return {
      statusCode: status,
      error: status >= 300 && status < 400 ? `the receiver redirected (HTTP ${status}); redirects are not followed` : `HTTP ${status}`,
      retryAfterSeconds: parseRetryAfter(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, new Date()),
      durationMs: elapsed(),
    };
  } catch (error) {
    const reason = error instanceof OutboundError ? error.message : 'the request failed';
    return { statusCode: null, error: reason, retryAfterSeconds: null, durationMs: elapsed() };
  }
}
