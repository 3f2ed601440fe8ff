import { WEBHOOK_TEST_EVENT_TYPE } from '@reelback/shared';
import * as z from 'zod';
import type { SecretBox } from '../backlog/secret-box.js';
import { webhookHeaders } from '../backlog/standard-webhooks.js';
import type { JobHandler, JobQueue } from '../ports/job-queue.js';
import { type SendResult, type SenderOptions, sendWebhook } from './webhook-sender.js';
import type { WebhookSettings } from './webhook-settings.js';
import type { AttemptOutcome, WebhookDeliveryRecord, WebhookStore } from './webhook-store.js';
import { scheduleAttempt, sealContext } from './webhooks.service.js';

const Payload = z.object({ deliveryId: z.string(), attempt: z.number().int().positive() });

export interface DeliverWebhookDeps {
  store: WebhookStore;
  box: SecretBox;
  queue: JobQueue;
  settings: WebhookSettings;
  /** The HTTP call; the real one unless a test replaces it. */
  send?: (url: string, body: string, headers: Record<string, string>, options: SenderOptions) => Promise<SendResult>;
  /** Real time: the signature's timestamp is checked by receivers against theirs. */
  now?: () => Date;
}

/**
 * One attempt of one delivery (`{ deliveryId, attempt }`): POST the event's CloudEvent JSON, signed per Standard
 * Webhooks with the event id as `webhook-id`; record the attempt; then schedule the next one (as a new job, due
 * after the retry schedule's wait or the receiver's Retry-After, whichever is longer), or give up and disable the
 * endpoint. 410 Gone disables the endpoint at once. Safe to run again: an attempt already recorded is not sent
 * twice (the job only makes sure its follow-up is queued).
 */
export class DeliverWebhookJob {
  private readonly send: NonNullable<DeliverWebhookDeps['send']>;
  private readonly now: () => Date;

  constructor(private readonly deps: DeliverWebhookDeps) {
    this.send = deps.send ?? sendWebhook;
    this.now = deps.now ?? (() => new Date());
  }

  readonly handle: JobHandler = async (payload) => {
    const { deliveryId, attempt } = Payload.parse(payload);
    const { store } = this.deps;
    const delivery = await store.getDelivery(deliveryId);
    if (!delivery || delivery.status !== 'pending') return;
    if (delivery.attempts >= attempt) {
      // This attempt was recorded by a run that stopped before queueing the next: queue it (a no-op if it is there).
      if (delivery.nextAttemptAt !== null) await scheduleAttempt(this.deps.queue, delivery.id, delivery.attempts + 1, new Date(delivery.nextAttemptAt), this.now());
      return;
    }
    if (attempt !== delivery.attempts + 1) return; // a job of an earlier round: the current one has its own
    const endpoint = await store.getEndpoint(delivery.endpointId);
    if (!endpoint) return; // deleted: its deliveries went with it
    if (!endpoint.enabled) {
      await store.abandonDelivery(delivery.id, `not sent: the webhook is disabled${endpoint.disabledReason ? ` (${endpoint.disabledReason})` : ''}`);
      return;
    }
    const event = delivery.payload ?? (await store.getEvent(delivery.eventId));
    if (!event) {
      await store.abandonDelivery(delivery.id, 'not sent: the event was erased (privacy request) before it was delivered');
      return;
    }
    const body = JSON.stringify(event);
    const secret = this.deps.box.open(endpoint.secretSealed, sealContext(endpoint.id));
    const sentAt = this.now();
    const headers = webhookHeaders(secret, body, { id: delivery.eventId, now: sentAt });
    const result = await this.send(endpoint.url, body, { ...headers }, { timeoutMs: this.deps.settings.timeoutMs, allowPrivate: this.deps.settings.allowPrivate });
    const outcome = this.decide(delivery, attempt, sentAt, result);
    const recorded = await store.recordAttempt(outcome);
    if (recorded && outcome.nextAttemptAt !== null) await scheduleAttempt(this.deps.queue, delivery.id, attempt + 1, new Date(outcome.nextAttemptAt), this.now());
  };

  private decide(delivery: WebhookDeliveryRecord, attempt: number, sentAt: Date, result: SendResult): AttemptOutcome & { nextAttemptAt: string | null } {
    const at = sentAt.toISOString();
    const base = { attempt, at, statusCode: result.statusCode, error: result.error, durationMs: result.durationMs };
    if (result.error === null) {
      return { deliveryId: delivery.id, attempt: { ...base, nextRetryAt: null }, status: 'delivered', lastError: null, deliveredAt: this.now().toISOString(), nextAttemptAt: null };
    }
    const failed = (reason: string | null) => ({
      deliveryId: delivery.id,
      attempt: { ...base, nextRetryAt: null },
      status: 'failed' as const,
      lastError: result.error,
      deliveredAt: null,
      nextAttemptAt: null,
      ...(reason === null ? {} : { disableEndpoint: { endpointId: delivery.endpointId, reason, at: this.now().toISOString() } }),
    });
    if (result.statusCode === 410) return failed(`the receiver answered 410 Gone at ${at} (delivery ${delivery.id}): it asked for no more deliveries`);
    const { retryScheduleSeconds, maxRetryWindowSeconds } = this.deps.settings;
    const triesThisRound = attempt - delivery.roundFirstAttempt + 1;
    const wait = retryScheduleSeconds[triesThisRound - 1];
    if (wait !== undefined) {
      const due = sentAt.getTime() + Math.max(wait, result.retryAfterSeconds ?? 0) * 1000;
      if (due <= Date.parse(delivery.roundStartedAt) + maxRetryWindowSeconds * 1000) {
        const nextAttemptAt = new Date(due).toISOString();
        return { deliveryId: delivery.id, attempt: { ...base, nextRetryAt: nextAttemptAt }, status: 'pending', lastError: result.error, deliveredAt: null, nextAttemptAt };
      }
    }
    // A ping that never got through says so in its log; it does not stop real deliveries.
    if (delivery.eventType === WEBHOOK_TEST_EVENT_TYPE) return failed(null);
    const span = Math.round((sentAt.getTime() - Date.parse(delivery.roundStartedAt)) / 1000);
    return failed(
      `delivery ${delivery.id} (${delivery.eventType}, event ${delivery.eventId}) failed ${triesThisRound} times over ${formatSpan(span)}; last: ${result.error}`,
    );
  }
}

function formatSpan(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
