import { WEBHOOK_TEST_EVENT_TYPE } from '@reelback/shared';
import type { SendResult } from './webhook-sender.js';
import type { WebhookSettings } from './webhook-settings.js';
import type { AttemptOutcome, WebhookDeliveryRecord } from '../ports/webhook-store.js';

/**
 * What one attempt's result means for its delivery: delivered on 2xx; on a failure the next try is due after the
 * retry schedule's wait or the receiver's Retry-After, whichever is longer, while that stays inside the round's
 * window; otherwise the delivery has failed and the endpoint is disabled (not for a test ping). 410 Gone disables
 * the endpoint at once. Pure: `sentAt` is when the attempt began, `now` when it ended.
 */
export function attemptOutcome(
  delivery: WebhookDeliveryRecord,
  attempt: number,
  sentAt: Date,
  now: Date,
  result: SendResult,
  settings: Pick<WebhookSettings, 'retryScheduleSeconds' | 'maxRetryWindowSeconds'>,
): AttemptOutcome {
  const at = sentAt.toISOString();
  const base = { attempt, at, statusCode: result.statusCode, error: result.error, durationMs: result.durationMs };
  if (result.error === null) {
    return { deliveryId: delivery.id, attempt: { ...base, nextRetryAt: null }, status: 'delivered', lastError: null, deliveredAt: now.toISOString(), nextAttemptAt: null };
  }
  const failed = (reason: string | null): AttemptOutcome => ({
    deliveryId: delivery.id,
    attempt: { ...base, nextRetryAt: null },
    status: 'failed',
    lastError: result.error,
    deliveredAt: null,
    nextAttemptAt: null,
    ...(reason === null ? {} : { disableEndpoint: { endpointId: delivery.endpointId, reason, at: now.toISOString() } }),
  });
  if (result.statusCode === 410) return failed(`the receiver answered 410 Gone at ${at} (delivery ${delivery.id}): it asked for no more deliveries`);
  const triesThisRound = attempt - delivery.roundFirstAttempt + 1;
  const wait = settings.retryScheduleSeconds[triesThisRound - 1];
  if (wait !== undefined) {
    const due = sentAt.getTime() + Math.max(wait, result.retryAfterSeconds ?? 0) * 1000;
    if (due <= Date.parse(delivery.roundStartedAt) + settings.maxRetryWindowSeconds * 1000) {
      const nextAttemptAt = new Date(due).toISOString();
      return { deliveryId: delivery.id, attempt: { ...base, nextRetryAt: nextAttemptAt }, status: 'pending', lastError: result.error, deliveredAt: null, nextAttemptAt };
    }
  }
  // A ping that never got through says so in its log; it does not stop real deliveries.
  if (delivery.eventType === WEBHOOK_TEST_EVENT_TYPE) return failed(null);
  const span = Math.round((sentAt.getTime() - Date.parse(delivery.roundStartedAt)) / 1000);
  return failed(`delivery ${delivery.id} (${delivery.eventType}, event ${delivery.eventId}) failed ${triesThisRound} times over ${formatSpan(span)}; last: ${result.error}`);
}

function formatSpan(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** The reason a delivery of a disabled endpoint ends without being sent. */
export const disabledReason = (endpointReason: string | null) => `not sent: the webhook is disabled${endpointReason ? ` (${endpointReason})` : ''}`;
export const ERASED_REASON = 'not sent: the event was erased (privacy request) before it was delivered';
